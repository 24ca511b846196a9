/**
 * Lists of the values of a contract union (roles, kinds, levels) for selects and filters. The list is written
 * once, in the order the interface shows it; the compiler refuses it when it misses a value of the union or holds
 * one the server does not know, so a value added to a zod enum cannot be left out of the interface unnoticed.
 */
export function everyValue<T extends string>() {
  return <const L extends readonly T[]>(list: L & ([Exclude<T, L[number]>] extends [never] ? unknown : { missing: Exclude<T, L[number]> })): L =>
    list;
}

import type { MessageKey, Messages } from './en.ts';

export type Params = Record<string, string | number>;

/**
 * Fills `{name}` placeholders. Values are inserted as text (React escapes them when rendered), and a placeholder
 * without a value stays visible rather than vanishing, so a missing argument is noticed.
 */
export function interpolate(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

/** A language's messages, whole or in part (the shell's alone, before a module's catalogue has arrived). */
type SomeMessages = Partial<Messages>;

export function translate(messages: SomeMessages, fallback: SomeMessages, key: MessageKey, params?: Params): string {
  const template = messages[key] || fallback[key] || key;
  return interpolate(template, params);
}

export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
}

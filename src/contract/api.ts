/**
 * Type helpers over the generated contract (openapi.ts): they name a route's path parameters, query, JSON body and
 * JSON answer by its path and method, so the web app and the CLI read every API shape from the server's zod
 * schemas and never write one by hand. Types only: nothing here runs.
 */
import type { components, paths } from './openapi.ts';

export type { components, paths };

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** The paths that answer `method`. */
export type PathWith<M extends Method> = {
  [P in keyof paths]: paths[P] extends { [K in M]: object } ? P : never;
}[keyof paths];

type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;

type JsonContent<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;

type Responses<P extends keyof paths, M extends Method> = Operation<P, M> extends { responses: infer R } ? R : never;

/** The success statuses that carry a JSON answer. */
type JsonSuccess = 200 | 201 | 202;

/**
 * The JSON a route answers with on success (200, 201 or 202; the union where a route has more than one, as an
 * import that answers 201 when it created and 200 when it did not); `void` for a route that answers 204 only.
 */
export type ResponseOf<P extends keyof paths, M extends Method> =
  Responses<P, M> extends infer R
    ? [keyof R & JsonSuccess] extends [never]
      ? 204 extends keyof R
        ? void
        : never
      : JsonContent<R[keyof R & JsonSuccess]>
    : never;

/** The JSON body a route accepts (`never` when it takes none). */
export type BodyOf<P extends keyof paths, M extends Method> =
  Operation<P, M> extends { requestBody?: infer B } ? JsonContent<NonNullable<B>> : never;

/** The query parameters a route accepts. */
export type QueryOf<P extends keyof paths, M extends Method> =
  Operation<P, M> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

/** The path parameters (`{id}` and the like) of a route. */
export type PathParamsOf<P extends keyof paths, M extends Method> =
  Operation<P, M> extends { parameters: { path?: infer Params } } ? NonNullable<Params> : never;

/** A named schema of the document (a zod schema registered with `.meta({ id })`, such as `Figure`). */
export type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];

/** The element type of an array type: `Item<ResponseOf<'/api/users', 'get'>['users']>` is one user. */
export type Item<T> = T extends ReadonlyArray<infer E> ? E : never;

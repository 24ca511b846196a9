/**
 * Statements sent to a PostgreSQL server, counted at the driver (every pooled connection's query calls), so a
 * request's count of statements is measured, not inferred; unlike its time it does not depend on the machine's load.
 * Call once, before the database is opened; read `sent()` before and after what is measured.
 */
export async function countStatements(): Promise<{ sent: () => number }> {
  let statements = 0;
  const { default: pg } = await import('pg');
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
    statements += 1;
    return query.apply(this, args);
  } as typeof pg.Client.prototype.query;
  return { sent: () => statements };
}

import type pg from 'pg';

export interface NotificationListener {
  /** Calls `onMessage` with the payload of every notification on `channel`, in commit order. */
  listen(channel: string, onMessage: (payload: string) => void): Promise<void>;
  /**
   * Called after the connection was lost and made again: notifications sent meanwhile are gone, so whoever keeps
   * state fed by them must reread it from the tables.
   */
  onReconnect(handler: () => void): void;
  /**
   * Takes the session-level advisory lock named `key` on this connection if no other session holds it. Such a lock
   * lives as long as the connection: it is released when the process exits or is killed (PostgreSQL ends the
   * session), and lost when the connection is (then the reconnect handlers run, and must take it again).
   */
  tryLock(key: string): Promise<boolean>;
  unlock(key: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * One dedicated connection that LISTENs (a pooled connection cannot: it is handed to other queries between
 * notifications). PostgreSQL delivers a NOTIFY sent inside a transaction only when that transaction commits, and
 * notifications of different transactions in their commit order, so listeners see what the tables hold, in the
 * order it got there. The connection is made again after a failure, with a growing pause (0.5 s to 10 s).
 */
export async function openNotificationListener(url: string): Promise<NotificationListener> {
  // the PostgreSQL driver loads only with a database server: an embedded start never opens a listener (issue 15)
  const { default: driver } = await import('pg');
  const channels = new Map<string, (payload: string) => void>();
  const reconnectHandlers: Array<() => void> = [];
  let client: pg.Client | null = null;
  let closed = false;
  let pause = 500;
  let timer: NodeJS.Timeout | null = null;

  const connect = async (): Promise<void> => {
    const next = new driver.Client({ connectionString: url });
    // Without a listener an 'error' of an idle client crashes the process.
    next.on('error', () => lost(next));
    next.on('end', () => lost(next));
    next.on('notification', (message) => {
      if (message.payload !== undefined) channels.get(message.channel)?.(message.payload);
    });
    await next.connect();
    for (const channel of channels.keys()) await next.query(`LISTEN ${channelIdentifier(channel)}`);
    client = next;
    pause = 500;
  };

  const lost = (which: pg.Client): void => {
    if (closed || client !== which) return;
    client = null;
    which.end().catch(() => undefined);
    retry();
  };

  const retry = (): void => {
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = null;
      connect().then(
        () => {
          for (const handler of reconnectHandlers) handler();
        },
        () => {
          pause = Math.min(pause * 2, 10_000);
          retry();
        },
      );
    }, pause);
    timer.unref();
  };

  await connect();
  return {
    async listen(channel, onMessage) {
      channels.set(channel, onMessage);
      if (client) await client.query(`LISTEN ${channelIdentifier(channel)}`);
    },
    onReconnect(handler) {
      reconnectHandlers.push(handler);
    },
    async tryLock(key) {
      if (!client) return false;
      const result = await client.query<{ locked: boolean }>('select pg_try_advisory_lock(hashtextextended($1, 0)) as locked', [key]);
      return result.rows[0].locked;
    },
    async unlock(key) {
      await client?.query('select pg_advisory_unlock(hashtextextended($1, 0))', [key]);
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      const current = client;
      client = null;
      await current?.end().catch(() => undefined);
    },
  };
}

/** Channel names are identifiers; Reckon's own are lower-case words, which this keeps them to. */
function channelIdentifier(channel: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) throw new Error(`unsafe channel name: ${channel}`);
  return `"${channel}"`;
}

import { useCallback, useEffect, useRef, useState } from 'react';
import { reportApi } from './participantApi.ts';
import type { DialogueReport, ReportSummary } from './api.ts';

/** How the page is kept up to date: a server-sent events stream, polling when the stream cannot be had, or neither yet. */
export type LiveMode = 'connecting' | 'live' | 'polling' | 'offline';

export const POLL_INTERVAL_MS = 10_000;
/** EventSource reconnects by itself; after this many failures in a row the page stops trying and polls instead. */
const MAX_STREAM_FAILURES = 3;

/**
 * Follows a conversation's analysis: the events stream (`event: summary`) says when a new version exists, and the
 * full report is fetched only then. Where EventSource is missing, or the stream keeps failing (a proxy that buffers,
 * a closed connection), it falls back to polling the report.
 */
export function useLiveReport(conversationId: string) {
  const [report, setReport] = useState<DialogueReport | null>(null);
  const [summary, setSummary] = useState<ReportSummary | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [mode, setMode] = useState<LiveMode>('connecting');
  const version = useRef(-1);
  const inFlight = useRef(false);
  const again = useRef(false);

  const refresh = useCallback(async () => {
    // a newer version announced while a fetch is running is fetched right after it, never dropped
    if (inFlight.current) {
      again.current = true;
      return;
    }
    inFlight.current = true;
    try {
      do {
        again.current = false;
        try {
          const next = await reportApi.report(conversationId);
          version.current = next.version;
          setReport(next);
          setSummary((old) =>
            old && old.version > next.version
              ? old
              : {
                  version: next.version,
                  updatedAt: next.updatedAt,
                  state: next.conversation.state,
                  participants: next.totals.participants,
                  votes: next.totals.votes,
                  groups: next.groups.length,
                },
          );
          setError(null);
        } catch (e) {
          setError(e);
        }
      } while (again.current);
    } finally {
      inFlight.current = false;
    }
  }, [conversationId]);

  useEffect(() => {
    let stopped = false;
    let source: EventSource | null = null;
    let timer: ReturnType<typeof setInterval> | null = null;
    let failures = 0;

    const poll = () => {
      if (stopped || timer) return;
      setMode('polling');
      void refresh();
      timer = setInterval(() => void refresh(), POLL_INTERVAL_MS);
    };

    void refresh();
    if (typeof EventSource === 'undefined') {
      poll();
    } else {
      source = new EventSource(reportApi.eventsUrl(conversationId));
      source.addEventListener('open', () => {
        failures = 0;
        if (!stopped) setMode('live');
      });
      source.addEventListener('summary', (event) => {
        failures = 0;
        setMode('live');
        let next: ReportSummary;
        try {
          next = JSON.parse((event as MessageEvent<string>).data) as ReportSummary;
        } catch {
          return;
        }
        setSummary(next);
        if (next.version !== version.current) void refresh();
      });
      source.addEventListener('error', () => {
        failures += 1;
        if (source && (source.readyState === EventSource.CLOSED || failures >= MAX_STREAM_FAILURES)) {
          source.close();
          source = null;
          poll();
        } else if (!stopped) {
          setMode('connecting');
        }
      });
    }
    return () => {
      stopped = true;
      source?.close();
      if (timer) clearInterval(timer);
    };
  }, [conversationId, refresh]);

  return { report, summary, error, mode, refresh };
}

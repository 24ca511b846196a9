import { useEffect, useRef, useState } from 'react';

/**
 * Loads with `load`, then again every `intervalMs` while `again(result)` holds (a job still queued or running).
 * Stops on unmount and when `key` changes; errors stop the polling and are returned.
 */
export function usePoll<T>(key: string, load: () => Promise<T>, again: (value: T) => boolean, intervalMs = 1500): { value: T | null; error: unknown; reload: () => void } {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  const againRef = useRef(again);
  loadRef.current = load;
  againRef.current = again;
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const step = async () => {
      try {
        const next = await loadRef.current();
        if (!live) return;
        setValue(next);
        setError(null);
        if (againRef.current(next)) timer = setTimeout(() => void step(), intervalMs);
      } catch (e) {
        if (live) setError(e);
      }
    };
    void step();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [key, tick, intervalMs]);
  return { value, error, reload: () => setTick((n) => n + 1) };
}

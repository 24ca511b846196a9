import { normaliseName } from '../names/index.ts';

/**
 * A registry actor's or event's names (an event's place too) romanised to one comparable form by the names engine,
 * as casualty records keep theirs in search_names: "Əliyev", "Алиев" and "Aliyev" all become "aliev", "Xocalı",
 * "Ходжалы" and "Khojaly" "khojali", so a picker finds them from any script. Parts are joined with " | " so a search
 * never matches across two of them.
 */
export function registrySearchNames(...names: Array<string | null | undefined>): string {
  return names
    .map((n) => (n ? normaliseName(n) : ''))
    .filter(Boolean)
    .join(' | ');
}

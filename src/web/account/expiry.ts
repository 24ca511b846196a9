export const MAX_TOKEN_DAYS = 3650;

/** Parses the optional expiry field: empty means "never", anything else must be a whole number of days in range. */
export function parseExpiryDays(text: string): number | null | 'invalid' {
  const trimmed = text.trim();
  if (!trimmed) return null;
  if (!/^\d+$/.test(trimmed)) return 'invalid';
  const days = Number(trimmed);
  return days >= 1 && days <= MAX_TOKEN_DAYS ? days : 'invalid';
}

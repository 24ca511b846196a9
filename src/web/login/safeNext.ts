/**
 * Where to go after logging in. Only same-site paths are followed: `//evil.example` or `https://…` in the `next`
 * parameter would otherwise turn the login page into an open redirect.
 */
export function safeNext(value: string | null | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  // control characters (tabs, newlines) are dropped by URL parsers and can smuggle a scheme or host past the checks
  if ([...value].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f)) return '/';
  if (value.startsWith('/login')) return '/';
  return value;
}

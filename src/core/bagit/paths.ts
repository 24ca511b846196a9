/** Path rules of RFC 8493: manifest path encoding (§2.1.3) and the safety checks a validator must make. */

/** Percent-encodes exactly what RFC 8493 §2.1.3 requires in a manifest filepath: '%', LF and CR. */
export function encodeManifestPath(path: string): string {
  return path.replace(/%/g, '%25').replace(/\n/g, '%0A').replace(/\r/g, '%0D');
}

/** Reverses encodeManifestPath; other percent sequences are left as they are, as the RFC only encodes those three. */
export function decodeManifestPath(encoded: string): string {
  return encoded.replace(/%(25|0A|0a|0D|0d)/g, (_, code: string) => String.fromCharCode(parseInt(code, 16)));
}

export type PathFault = 'absolute-path' | 'path-traversal' | 'unsafe-path';

/**
 * Why a path inside a bag or archive is unsafe, or undefined when it is a plain relative path. Checked: absolute
 * paths (including Windows drive and UNC forms), '..' segments, backslashes (a traversal on Windows), empty or '.'
 * segments, NUL and other control characters, and over-long paths.
 */
export function pathFault(path: string): { fault: PathFault; reason: string } | undefined {
  if (path.length === 0) return { fault: 'unsafe-path', reason: 'empty path' };
  if (path.length > 4096) return { fault: 'unsafe-path', reason: 'path longer than 4096 characters' };
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path) || path.startsWith('\\')) return { fault: 'absolute-path', reason: 'absolute path' };
  if (path.includes('\\')) return { fault: 'unsafe-path', reason: 'backslash in path' };
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(path.replace(/[\n\r]/g, ''))) return { fault: 'unsafe-path', reason: 'control character in path' };
  const segments = path.split('/');
  if (segments.includes('..')) return { fault: 'path-traversal', reason: "'..' segment in path" };
  if (segments.some((s) => s === '' || s === '.')) return { fault: 'unsafe-path', reason: "empty or '.' segment in path" };
  return undefined;
}

/** Shows a path in a message without letting control characters reach the terminal. */
export function printable(path: string): string {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u007f]/.test(path) ? JSON.stringify(path) : path;
}

// Types for compiled.js, which stays plain JavaScript because it runs before any TypeScript can.
export interface CommandSummary {
  name: string;
  term: string;
  description: string;
}
export interface CompiledBuild {
  dir: string;
  main: string;
  commands: CommandSummary[];
}
export type Fingerprint = [path: string, size: number, mtime: number];
export function buildsDir(root: string): string;
export function manifestPath(root: string): string;
export function failurePath(root: string): string;
export function failedRecently(root: string): boolean;
export function fingerprint(root: string, path: string): Fingerprint;
export function currentBuild(root: string): CompiledBuild | null;
export function holdBuild(dir: string): void;
export function buildHeld(markers: string[]): boolean;

// Types for build.js (plain JavaScript: it makes the build, so it cannot be part of it).
export function buildCompiled(options?: { force?: boolean; quiet?: boolean }): Promise<{ built: boolean; id?: string; reason?: string }>;

// Runs `prettier --check` over the files listed in .prettier-scope (comments and blank lines ignored).
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const files = readFileSync(new URL('../.prettier-scope', import.meta.url), 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith('#'));
const result = spawnSync('npx', ['prettier', '--check', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);

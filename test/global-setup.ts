/** Global test setup: nothing yet beyond making sure artifacts have somewhere to go. */
import { mkdirSync } from 'node:fs';

export default function setup(): void {
  mkdirSync('test-artifacts', { recursive: true });
}

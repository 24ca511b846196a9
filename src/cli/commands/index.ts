import type { Command } from 'commander';

/**
 * Each command module exports `register(program)`. Keeping the list here, one line a command, makes the whole
 * command surface visible at a glance.
 */
type Registrar = (program: Command) => void;

export async function loadCommands(): Promise<Registrar[]> {
  const modules = await Promise.all([
    // COMMANDS: one import a line
    import('./ingest.ts'),
    import('./archive.ts'),
    import('./import.ts'),
    import('./export.ts'),
    import('./demo.ts'),
    import('./ledger.ts'),
    import('./bag.ts'),
    import('./estimate.ts'),
    import('./dialogue.ts'),
    import('./link.ts'),
    import('./serve.ts'),
    import('./migrate.ts'),
    import('./user.ts'),
    import('./token.ts'),
    import('./verify.ts'),
    import('./ledger-server.ts'),
  ]);
  return modules.map((m: { register: Registrar }) => m.register);
}

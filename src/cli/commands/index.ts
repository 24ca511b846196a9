import type { Command } from 'commander';

type Registrar = (program: Command) => void;
type Loader = () => Promise<{ register: Registrar }>;

/**
 * Every top-level command and the modules that define it (a command may span several). Only the invoked command's
 * modules are imported, so `reckon link` does not load the server, the database or image libraries. Listing the
 * commands (`reckon --help`, an unknown command) loads them all, unless the caller has their summaries from the
 * compiled build (see main.ts).
 */
const commands: Record<string, Loader[]> = {
  serve: [() => import('./serve.ts')],
  migrate: [() => import('./migrate.ts')],
  user: [() => import('./user.ts')],
  token: [() => import('./token.ts')],
  ingest: [() => import('./ingest.ts')],
  archive: [() => import('./archive.ts')],
  import: [() => import('./import.ts')],
  export: [() => import('./export.ts')],
  demo: [() => import('./demo.ts')],
  verify: [() => import('./verify.ts')],
  ledger: [() => import('./ledger.ts'), () => import('./ledger-server.ts')],
  bag: [() => import('./bag.ts')],
  backup: [() => import('./backup.ts')],
  restore: [() => import('./backup.ts').then((m) => ({ register: m.registerRestore }))],
  link: [() => import('./link.ts')],
  casualties: [() => import('./casualties.ts')],
  missing: [() => import('./missing.ts')],
  cases: [() => import('./cases.ts'), () => import('./cases-evidence.ts'), () => import('./cases-command.ts'), () => import('./cases-withdraw.ts')],
  estimate: [() => import('./estimate.ts')],
  dialogue: [() => import('./dialogue.ts')],
  keys: [() => import('./keys.ts')],
  receipt: [() => import('./receipt.ts')],
};

export const commandNames: readonly string[] = Object.keys(commands);

/** The command the arguments invoke (`reckon help estimate` invokes estimate's help), if it is one of ours. */
export function invokedCommand(argv: readonly string[]): string | undefined {
  const words = argv.slice(2).filter((arg) => !arg.startsWith('-'));
  const name = words[0] === 'help' ? words[1] : words[0];
  return name !== undefined && Object.hasOwn(commands, name) ? name : undefined;
}

export async function loadCommands(argv: readonly string[] = []): Promise<Registrar[]> {
  const name = invokedCommand(argv);
  const loaders = name ? commands[name] : Object.values(commands).flat();
  const modules = await Promise.all(loaders.map((load) => load()));
  return modules.map((m) => m.register);
}

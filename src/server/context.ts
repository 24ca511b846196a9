import type { Kysely } from 'kysely';
import type { Config } from './config.ts';
import type { Database } from './db/schema.ts';
import type { Engine } from './db/connect.ts';
import { AccountsService } from './accounts/service.ts';
import { join } from 'node:path';
import { LedgerService } from './ledger/service.ts';
import { CheckpointTimestamper } from './ledger/timestamps.ts';
import type { VerificationProblem } from './ledger/verify.ts';
import { detectFeatures, type Features } from './system/features.ts';
import { createJobs, type JobsService } from './jobs/service.ts';
import { RegistryService } from './registry/service.ts';
import { CasesService } from './cases/service.ts';
import { CasualtiesService } from './casualties/service.ts';
import { DialogueService } from './dialogue/service.ts';
import { recordClaimThrough } from './dialogue/evidence.ts';
import { PublicationService } from './publication/service.ts';
import { PublicPortal } from './public/service.ts';
import { registerMemorialJob } from './public/memorial-store.ts';
import { registerRegistrySearchNamesJob } from './registry/search-names-job.ts';
import { systemActor } from './accounts/actor.ts';
import { DomainError } from './errors.ts';
import { createArchive, type Archive } from './archive/index.ts';
import { verifyStoredBlobs } from './ledger/blob-check.ts';

/**
 * Everything a request handler or a job may use, built once at start-up. Modules add their service here; routes
 * reach services only through this object.
 */
export interface AppContext {
  config: Config;
  db: Kysely<Database>;
  engine: Engine;
  features: Features;
  version: string;
  accounts: AccountsService;
  jobs: JobsService;
  ledger: LedgerService;
  /** Extra checks `reckon verify` and the scheduled verification run besides the ledger (e.g. blob hashes). */
  integrityChecks: Array<() => Promise<VerificationProblem[]>>;
  registry: RegistryService;
  casualties: CasualtiesService;
  dialogue: DialogueService;
  archive: Archive;
  /** What the anonymous public may read; the portal's pages and the public pages of missing, receipts and submissions. */
  portal: PublicPortal;
}

export function createContext(config: Config, db: Kysely<Database>, engine: Engine, version: string): AppContext {
  const jobs = createJobs(db, config);
  const archive = createArchive(config, db, jobs);
  const registry = new RegistryService(db, [{ prefix: 'case_', load: (actor) => new CasesService(db).loadExample(actor) }]);
  const publication = new PublicationService(db, { statsMinCell: config.casualtyStatsMinCell });
  const casualties = new CasualtiesService(db, jobs, { statsMinCell: config.casualtyStatsMinCell });
  // The stored memorial is rebuilt by a job after every change its triggers mark (readers never wait for it).
  registerMemorialJob(jobs, db);
  // Registry rows stored before their search_names column existed are filled by a job (migration 202612120600).
  registerRegistrySearchNamesJob(jobs, db);
  return {
    config,
    db,
    engine,
    features: detectFeatures(),
    version,
    accounts: new AccountsService(db, config),
    jobs,
    ledger: new LedgerService(
      db,
      config.signingKeyFile ?? join(config.dataDirAbsolute, 'keys', 'ledger-signing.key'),
      config.timestampAuthorityUrl ? new CheckpointTimestamper(db, { url: config.timestampAuthorityUrl, caCertFile: config.timestampCaFile }) : undefined,
    ),
    integrityChecks: [() => verifyStoredBlobs(db, archive.blobs)],
    // The cases module's example characterisations cite the registry's example records, so they load after them.
    registry,
    casualties,
    // Statements grounded in evidence read registry claims and which archive items are public through these two.
    dialogue: new DialogueService(db, config, {
      claim: async (actor, id) => (await registry.getClaim(actor, id).catch((e: unknown) => (e instanceof DomainError && e.kind === 'not_found' ? null : Promise.reject(e))))?.claim ?? null,
      publicItems: async (ids) => new Set((await publication.states(systemActor('dialogue evidence'), 'item', [...ids])).filter((s) => s.state === 'public').map((s) => s.id)),
      recordClaim: recordClaimThrough(registry),
    }),
    archive,
    portal: new PublicPortal(db, casualties.results, { statsMinCell: config.casualtyStatsMinCell, memorialMinSources: config.memorialMinSources }),
  };
}

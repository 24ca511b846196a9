import type { Kysely } from 'kysely';
import type { Config } from './config.ts';
import type { Database } from './db/schema.ts';
import type { Engine } from './db/connect.ts';
import { AccountsService } from './accounts/service.ts';
import { detectFeatures, type Features } from './system/features.ts';
import { createJobs, type JobsService } from './jobs/service.ts';
import { RegistryService } from './registry/service.ts';

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
  registry: RegistryService;
}

export function createContext(config: Config, db: Kysely<Database>, engine: Engine, version: string): AppContext {
  return {
    config,
    db,
    engine,
    features: detectFeatures(),
    version,
    accounts: new AccountsService(db, config),
    jobs: createJobs(db, config),
    registry: new RegistryService(db),
  };
}

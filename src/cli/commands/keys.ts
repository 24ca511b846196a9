import { join } from 'node:path';
import type { Command } from 'commander';
import { masterKeyPath } from '../../server/archive/index.ts';
import { rotateMasterKey } from '../../server/archive/key-rotation.ts';
import { SEALED_FIELDS } from '../../server/sealed-fields.ts';
import { systemActor } from '../../server/accounts/actor.ts';
import { recordAudit } from '../../server/audit/service.ts';
import { processKeys } from '../../server/instance.ts';
import { adoptInstanceKeys } from '../../server/system/instance-keys.ts';
import { createProgress } from '../progress.ts';
import { configFrom, withDataOptions } from '../shared/config-options.ts';
import { withInstance } from '../shared/instance.ts';

export function register(program: Command): void {
  const keys = program.command('keys').description('manage the master key that protects confidential files and witness identities, and the keys every process must share');
  withDataOptions(
    keys
      .command('rotate')
      .description('re-wrap every confidential file key and re-encrypt every protected identity under a new master key; resumable, audited; run with the server stopped'),
  ).action(async (options: Record<string, string | boolean>) => {
    const config = configFrom(options);
    await withInstance(config, async ({ ctx }) => {
      const progress = createProgress();
      let phase = '';
      const result = await rotateMasterKey({
        db: ctx.db,
        backend: ctx.archive.blobs.backend,
        keyPath: masterKeyPath(config),
        tmpDir: join(config.dataDirAbsolute, 'tmp'),
        sealedFields: SEALED_FIELDS,
        onProgress: (done, total, what) => {
          if (what !== phase) {
            if (phase) progress.stop();
            phase = what;
            progress.start(total, what === 'blob' ? 'file keys' : 'identities');
          }
          progress.update(done + 1);
        },
      });
      if (phase) progress.stop();
      process.stdout.write(
        `Master key rotated: ${result.oldFingerprint} → ${result.newFingerprint}; ${result.blobs} file keys re-wrapped, ${result.identities} identities re-encrypted` +
          `${result.alreadyDone ? `, ${result.alreadyDone} already done by an earlier run` : ''}.\n` +
          `The old key is kept at ${result.retiredKeyPath}: backups made before now need it; destroy it when they are gone.\n`,
      );
    });
  });
  withDataOptions(
    keys
      .command('adopt')
      .description(
        "record this process's master key and ledger signing key as the ones of this database, after replacing one on purpose (every process on the database must then use them)",
      ),
  ).action(async (options: Record<string, string | boolean>) => {
    const config = configFrom(options);
    await withInstance(config, async (instance) => {
      const keys = await processKeys(instance);
      await adoptInstanceKeys(instance.ctx.db, keys);
      await recordAudit(instance.ctx.db, systemActor('keys'), {
        action: 'keys.adopted',
        subjectType: 'keys',
        subjectId: 'instance',
        details: { master: keys.master.fingerprint, signing: keys.signing.keyId },
      });
      process.stdout.write(`This database now expects master key ${keys.master.fingerprint} and signing key ${keys.signing.keyId}.\n`);
    });
  });
}

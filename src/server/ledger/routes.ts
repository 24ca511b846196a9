import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { errorResponses, type App } from '../http/types.ts';
import { checkpointSchema, ledgerEntryRowSchema, verificationRunSchema } from './schemas.ts';

const proofDocument = z.record(z.string(), z.unknown()).describe('reckon-ledger-proof/1 document (docs/ledger.md)');
const seqParams = z.object({ seq: z.coerce.number().int().min(0) });

export async function ledgerRoutes(app: App, ctx: AppContext): Promise<void> {
  const { ledger } = ctx;

  app.get('/api/ledger/public-key', {
    schema: {
      tags: ['ledger'],
      summary: 'The Ed25519 key that signs checkpoints, as a C2SP note verifier key',
      response: { 200: z.object({ verifierKey: z.string(), origin: z.string(), keyId: z.string() }) },
    },
    handler: async () => ledger.publicKey(),
  });

  app.get('/api/ledger/checkpoints', {
    schema: {
      tags: ['ledger'],
      summary: 'Signed checkpoints, newest first (public: they reveal only sizes and hashes)',
      querystring: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(50) }),
      response: { 200: z.object({ size: z.number(), checkpoints: z.array(checkpointSchema) }) },
    },
    handler: async (request) => ({ size: await ledger.size(), checkpoints: await ledger.listCheckpoints(request.query.limit) }),
  });

  app.get('/api/ledger/checkpoints/latest', {
    schema: { tags: ['ledger'], summary: 'The latest checkpoint as a signed note (text/plain)', response: { 200: z.string(), ...errorResponses } },
    handler: async (_request, reply) => {
      const latest = await ledger.latestCheckpoint();
      if (!latest) return reply.status(404).send({ error: { code: 'no_checkpoint', message: 'No checkpoint has been issued yet' } });
      return reply.type('text/plain; charset=utf-8').send(latest.note);
    },
  });

  app.post('/api/ledger/checkpoints', {
    schema: { tags: ['ledger'], summary: 'Sign a checkpoint of the current tree now (reviewer)', response: { 201: checkpointSchema, ...errorResponses } },
    handler: async (request, reply) => reply.status(201).send(await ledger.checkpoint(request.actor, { force: true })),
  });

  app.get('/api/ledger/entries', {
    schema: {
      tags: ['ledger'],
      summary: 'Ledger entries about a subject (editor, reviewer)',
      querystring: z.object({ subjectType: z.string().min(1).max(100), subjectId: z.union([z.string(), z.array(z.string())]) }),
      response: { 200: z.object({ entries: z.array(ledgerEntryRowSchema) }), ...errorResponses },
    },
    handler: async (request) => {
      const ids = Array.isArray(request.query.subjectId) ? request.query.subjectId : [request.query.subjectId];
      return { entries: await ledger.entriesFor(request.actor, request.query.subjectType, ids.slice(0, 200)) };
    },
  });

  app.get('/api/ledger/entries/:seq/proof', {
    schema: {
      tags: ['ledger'],
      summary: 'Inclusion proof of an entry against a signed checkpoint (editor, reviewer); check it offline with `reckon ledger verify-proof`',
      params: seqParams,
      querystring: z.object({ size: z.coerce.number().int().min(1).optional() }),
      response: { 200: proofDocument, ...errorResponses },
    },
    handler: async (request) => ledger.inclusionProof(request.actor, request.params.seq, request.query.size) as unknown as Record<string, unknown>,
  });

  app.get('/api/ledger/consistency', {
    schema: {
      tags: ['ledger'],
      summary: 'Consistency proof between two tree sizes (public)',
      querystring: z.object({ first: z.coerce.number().int().min(0), second: z.coerce.number().int().min(0).optional() }),
      response: { 200: proofDocument, ...errorResponses },
    },
    handler: async (request) => (await ledger.consistencyProof(request.query.first, request.query.second)) as unknown as Record<string, unknown>,
  });

  app.get('/api/ledger/timestamps', {
    schema: {
      tags: ['ledger'],
      summary: 'RFC 3161 time-stamping of checkpoints: authority, stamped and pending counts, last failure (reviewer)',
      response: {
        200: z.object({
          enabled: z.boolean(),
          authority: z.string().nullable(),
          stamped: z.number(),
          pending: z.number(),
          lastSuccess: z.string().nullable(),
          lastError: z.object({ at: z.string(), checkpointId: z.number(), message: z.string() }).nullable(),
        }),
        ...errorResponses,
      },
    },
    handler: async (request) => ledger.timestampStatus(request.actor),
  });

  app.get('/api/ledger/checkpoints/:id/timestamp', {
    schema: {
      tags: ['ledger'],
      summary: 'The RFC 3161 token of a checkpoint (application/timestamp-reply DER token; check with `openssl ts -verify -token_in`)',
      params: z.object({ id: z.coerce.number().int().min(1) }),
      response: { 200: z.any(), ...errorResponses },
    },
    handler: async (request, reply) => {
      const member = await ledger.timestampMember(request.params.id);
      if (!member) return reply.status(404).send({ error: { code: 'no_timestamp', message: 'This checkpoint has no time-stamp (yet)' } });
      return reply.type('application/timestamp-token').send(Buffer.from(member.token, 'base64'));
    },
  });

  app.post('/api/ledger/verify', {
    schema: {
      tags: ['ledger'],
      summary: 'Verify the whole ledger now (reviewer); the result is kept',
      response: { 200: verificationRunSchema, ...errorResponses },
    },
    handler: async (request) => {
      const { report: _report, ...run } = await ledger.verify(request.actor, 'on demand', ctx.integrityChecks);
      return run;
    },
  });

  app.get('/api/ledger/verifications', {
    schema: {
      tags: ['ledger'],
      summary: 'Recent verification runs (reviewer)',
      querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(20) }),
      response: { 200: z.object({ runs: z.array(verificationRunSchema) }), ...errorResponses },
    },
    handler: async (request) => ({ runs: await ledger.verificationRuns(request.actor, request.query.limit) }),
  });
}

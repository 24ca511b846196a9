import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { errorResponses, type App } from '../http/types.ts';
import * as s from './schemas.ts';
import { dialogueParticipantRoutes } from './participant-routes.ts';

export async function dialogueRoutes(app: App, ctx: AppContext): Promise<void> {
  const { dialogue } = ctx;
  const tags = ['dialogue'];

  app.post('/api/dialogue/conversations', {
    schema: {
      tags,
      summary: 'Create a conversation with its communities and seed statements (facilitator); the invitation tokens are shown only here',
      body: s.createConversationBody,
      response: { 201: z.object({ conversation: s.conversationSchema, invitations: z.array(s.invitationSchema) }), ...errorResponses },
    },
    handler: async (request, reply) => reply.status(201).send(await dialogue.createConversation(request.actor, request.body)),
  });

  app.get('/api/dialogue/conversations', {
    schema: { tags, summary: 'All conversations (facilitator)', response: { 200: z.object({ conversations: z.array(s.conversationSchema) }), ...errorResponses } },
    handler: async (request) => ({ conversations: await dialogue.listConversations(request.actor) }),
  });

  app.get('/api/dialogue/conversations/:id', {
    schema: { tags, summary: 'One conversation with its communities (facilitator)', params: s.idParams, response: { 200: s.conversationSchema, ...errorResponses } },
    handler: async (request) => dialogue.getConversation(request.actor, request.params.id),
  });

  app.put('/api/dialogue/conversations/:id/state', {
    schema: { tags, summary: 'Open or close a conversation (facilitator; audited)', params: s.idParams, body: s.stateBody, response: { 200: s.conversationSchema, ...errorResponses } },
    handler: async (request) => dialogue.setState(request.actor, request.params.id, request.body.state),
  });

  app.post('/api/dialogue/conversations/:id/statements', {
    schema: {
      tags,
      summary: 'Add a seed statement (facilitator; approved at once, audited with its SHA-256)',
      params: s.idParams,
      body: s.seedStatementBody,
      response: { 201: z.object({ statement: s.statementSchema }), ...errorResponses },
    },
    handler: async (request, reply) => reply.status(201).send({ statement: await dialogue.seedStatement(request.actor, request.params.id, request.body) }),
  });

  app.post('/api/dialogue/conversations/:id/statements/from-claims', {
    schema: {
      tags,
      summary:
        "Seed statements from published registry claims, each with an evidence card (who claims it, according to which sources, its verification level, the archive items cited; participants see public items only). All or nothing (facilitator; audited)",
      params: s.idParams,
      body: s.seedFromClaimsBody,
      response: { 201: z.object({ statements: z.array(s.statementSchema) }), ...errorResponses },
    },
    handler: async (request, reply) => reply.status(201).send({ statements: await dialogue.seedFromClaims(request.actor, request.params.id, request.body.claimIds) }),
  });

  app.post('/api/dialogue/statements/:id/registry-claim', {
    schema: {
      tags,
      summary:
        "Record a statement every opinion group (and every community) agrees with as a registry claim of the conversation's participants, with the report as its source and the counts as its figures; never in Reckon's voice (facilitator confirms with confirm: true; audited)",
      params: s.idParams,
      body: s.recordAgreementBody,
      response: { 201: s.recordAgreementResponse, ...errorResponses },
    },
    handler: async (request, reply) => reply.status(201).send(await dialogue.agreement.record(request.actor, request.params.id)),
  });

  app.get('/api/dialogue/claims/:claimId/agreement', {
    schema: {
      tags,
      summary: 'Agreement on a registry claim in each conversation it was put to, group by group and community by community (conversations with a public report; facilitators see all)',
      params: s.claimIdParams,
      response: { 200: s.claimAgreementSchema, ...errorResponses },
    },
    handler: async (request) => dialogue.agreement.ofClaim(request.actor, request.params.claimId),
  });

  app.get('/api/dialogue/conversations/:id/statements', {
    schema: {
      tags,
      summary: 'Statements of a conversation, optionally only one moderation state, e.g. the pending queue (facilitator)',
      params: s.idParams,
      querystring: z.object({ moderation: z.enum(['pending', 'approved', 'rejected']).optional() }),
      response: { 200: z.object({ statements: z.array(s.statementSchema) }), ...errorResponses },
    },
    handler: async (request) => ({ statements: await dialogue.listStatements(request.actor, request.params.id, request.query.moderation) }),
  });

  app.put('/api/dialogue/statements/:id/moderation', {
    schema: {
      tags,
      summary: "Approve or reject a statement (a rejection may give a reason, which its author sees), or put it back in the queue to undo a decision (facilitator; audited)",
      params: s.idParams,
      body: s.moderationBody,
      response: { 200: z.object({ statement: s.statementSchema }), ...errorResponses },
    },
    handler: async (request) => ({ statement: await dialogue.moderateStatement(request.actor, request.params.id, request.body) }),
  });

  app.put('/api/dialogue/communities/:id/languages', {
    schema: {
      tags,
      summary: 'Set the languages a community reads; missing translations into them are listed, and machine-translated when a service is configured (facilitator; audited)',
      params: s.idParams,
      body: s.communityLanguagesBody,
      response: { 200: s.conversationSchema, ...errorResponses },
    },
    handler: async (request) => dialogue.setCommunityLanguages(request.actor, request.params.id, request.body.languages),
  });

  app.post('/api/dialogue/conversations/:id/machine-translations', {
    schema: {
      tags,
      summary:
        'Ask the configured LibreTranslate-compatible service (RECKON_TRANSLATION_URL) for every missing translation; machine-made translations stay labelled until a person checks them. Without a service nothing is sent (facilitator)',
      params: s.idParams,
      response: { 200: s.machineTranslationResponse, ...errorResponses },
    },
    handler: async (request) => dialogue.machineTranslate(request.actor, request.params.id),
  });

  app.get('/api/dialogue/translation-queue', {
    schema: {
      tags,
      summary: 'Statements of open conversations lacking a human translation into a language their communities read, or with an unchecked machine translation (translator, facilitator)',
      response: { 200: s.translationQueueSchema, ...errorResponses },
    },
    handler: async (request) => dialogue.translationQueue(request.actor),
  });

  app.put('/api/dialogue/statements/:id/translations/:language', {
    schema: {
      tags,
      summary: "Set or replace a statement's human translation into one language; the original text never changes (translator, facilitator; audited with its SHA-256)",
      params: s.translationParams,
      body: s.translationBody,
      response: { 200: z.object({ statement: s.statementSchema }), ...errorResponses },
    },
    handler: async (request) => ({ statement: await dialogue.setTranslation(request.actor, request.params.id, request.params.language, request.body.text) }),
  });

  app.delete('/api/dialogue/statements/:id/translations/:language', {
    schema: { tags, summary: "Remove a statement's translation into one language (translator, facilitator; audited)", params: s.translationParams, response: { 200: z.object({ statement: s.statementSchema }), ...errorResponses } },
    handler: async (request) => ({ statement: await dialogue.setTranslation(request.actor, request.params.id, request.params.language, null) }),
  });

  app.post('/api/dialogue/communities/:id/invitation', {
    schema: { tags, summary: "Issue a new invitation link for a community; the old one stops working (facilitator; audited)", params: s.idParams, response: { 200: s.invitationSchema, ...errorResponses } },
    handler: async (request) => dialogue.renewInvitation(request.actor, request.params.id),
  });

  await dialogueParticipantRoutes(app, ctx);
}

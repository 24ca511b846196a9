import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { hasRole } from '../accounts/actor.ts';
import type { AppContext } from '../context.ts';
import { errorResponses, type App } from '../http/types.ts';
import { buildReport } from './report.ts';
import { exportPolis, importPolis } from './polis.ts';
import * as s from './schemas.ts';

/** One cookie per conversation, so joining a second conversation does not log a person out of the first. */
export const participantCookie = (conversationId: string) => `reckon_dialogue_${conversationId}`;
const COOKIE_DAYS = 180;

/**
 * Participant, report and Pol.is routes (docs/dialogue.md, "Participant, report and Pol.is API"). Participant
 * writes are exempt from the session CSRF check: they are not session routes (the participant cookie is
 * SameSite=Strict and the API takes JSON only), and a facilitator testing as a participant must not be refused.
 */
export async function dialogueParticipantRoutes(app: App, ctx: AppContext): Promise<void> {
  const { dialogue, config } = ctx;
  const tags = ['dialogue'];
  const participants = dialogue.participants;
  app.addHook('onClose', async () => dialogue.close());

  const participantOf = (request: FastifyRequest, conversationId: string) => participants.require(conversationId, request.cookies[participantCookie(conversationId)]);

  app.post('/api/dialogue/join', {
    config: { csrfExempt: true },
    schema: {
      tags,
      summary: 'Join a conversation with an invitation token (no account); sets the participant cookie',
      body: s.joinBody,
      response: { 200: s.joinResponse, 201: s.joinResponse, ...errorResponses },
    },
    handler: async (request, reply) => {
      const result = await participants.join(request.body, request.ip, (id) => request.cookies[participantCookie(id)]);
      if (result.cookieToken) {
        void reply.setCookie(participantCookie(result.participant.conversationId), result.cookieToken, {
          httpOnly: true,
          sameSite: 'strict',
          secure: config.secureCookies || request.protocol === 'https',
          path: '/api/dialogue',
          maxAge: COOKIE_DAYS * 86_400,
        });
      }
      const { participant } = result;
      const first = request.body.includeFirst ? { state: await participants.state(participant), next: await participants.next(participant) } : {};
      return reply.status(result.rejoined ? 200 : 201).send({
        participant: { conversationId: participant.conversationId, pid: participant.pid, communityId: participant.communityId },
        conversation: await participants.publicConversation(result.conversation),
        rejoined: result.rejoined,
        ...first,
      });
    },
  });

  app.get('/api/dialogue/conversations/:id/participant', {
    schema: { tags, summary: "The participant's own state: votes, statements written, how many remain (participant cookie)", params: s.idParams, response: { 200: s.participantStateResponse, ...errorResponses } },
    handler: async (request) => participants.state(await participantOf(request, request.params.id)),
  });

  app.get('/api/dialogue/conversations/:id/participant/next', {
    schema: { tags, summary: 'The next statement to vote on, by the Pol.is priority rule (participant cookie)', params: s.idParams, response: { 200: s.nextStatementResponse, ...errorResponses } },
    handler: async (request) => participants.next(await participantOf(request, request.params.id)),
  });

  app.post('/api/dialogue/conversations/:id/participant/votes', {
    config: { csrfExempt: true },
    schema: { tags, summary: 'Vote agree, disagree or pass; a later vote on the same statement replaces the earlier one (participant cookie)', params: s.idParams, body: s.voteBody, response: { 200: s.voteResponse, ...errorResponses } },
    handler: async (request) => {
      const participant = await participantOf(request, request.params.id);
      const { replaced } = await participants.vote(participant, request.ip, request.body.tid, request.body.vote);
      return { vote: { tid: request.body.tid, vote: request.body.vote }, replaced, ...(request.body.includeNext ? { next: await participants.next(participant) } : {}) };
    },
  });

  app.post('/api/dialogue/conversations/:id/participant/unreadable', {
    config: { csrfExempt: true },
    schema: {
      tags,
      summary: "\"I can't read this\": counted for the statement, not a vote; the statement is not shown again; answers with the next one (participant cookie)",
      params: s.idParams,
      body: s.unreadableBody,
      response: { 200: s.nextStatementResponse, ...errorResponses },
    },
    handler: async (request) => participants.unreadable(await participantOf(request, request.params.id), request.ip, request.body.tid, request.body.language),
  });

  app.post('/api/dialogue/conversations/:id/participant/statements', {
    config: { csrfExempt: true },
    schema: { tags, summary: 'Write a statement: pending under strict moderation, shown at once under open (participant cookie; audited)', params: s.idParams, body: s.participantStatementBody, response: { 201: z.object({ statement: s.ownStatementSchema }), ...errorResponses } },
    handler: async (request, reply) => {
      const participant = await participantOf(request, request.params.id);
      return reply.status(201).send({ statement: await participants.submitStatement(participant, request.ip, request.body) });
    },
  });

  app.get('/api/dialogue/conversations/:id/report', {
    schema: { tags, summary: 'The live report: opinion map, groups, consensus, bridging, agreement by community (public once published)', params: s.idParams, response: { 200: s.reportSchema, ...errorResponses } },
    handler: async (request) => buildReport(await dialogue.reportEntry(request.actor, request.params.id)),
  });

  app.get('/api/dialogue/conversations/:id/events', {
    schema: { tags, summary: 'Server-sent events: `summary` on connect and after every analysis update (as the report)', params: s.idParams },
    handler: async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
      const entry = await dialogue.reportEntry(request.actor, request.params.id);
      const facilitator = hasRole(request.actor, 'facilitator');
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        ...(reply.getHeaders() as Record<string, string>),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      const send = (summary: s.ReportSummary) => raw.write(`event: summary\nid: ${summary.version}\ndata: ${JSON.stringify(summary)}\n\n`);
      const ping = setInterval(() => raw.write(': ping\n\n'), 15_000);
      const stop = () => {
        clearInterval(ping);
        unsubscribe();
      };
      const unsubscribe = dialogue.live.subscribe(entry, (summary) => {
        // Withdrawn while someone was watching: the public stream ends.
        if (!facilitator && !entry.conversation.report_public) {
          stop();
          raw.end();
          return;
        }
        send(summary);
      });
      request.raw.on('close', stop);
      send(dialogue.live.summary(entry));
    },
  });

  app.put('/api/dialogue/conversations/:id/report-visibility', {
    schema: { tags, summary: 'Publish or withdraw the report (facilitator; audited)', params: s.idParams, body: s.reportVisibilityBody, response: { 200: s.conversationSchema, ...errorResponses } },
    handler: async (request) => dialogue.setReportVisibility(request.actor, request.params.id, request.body.public),
  });

  app.get('/api/dialogue/conversations/:id/allow-list', {
    schema: { tags, summary: 'The allow-list of external ids (facilitator)', params: s.idParams, response: { 200: s.allowListResponse, ...errorResponses } },
    handler: async (request) => dialogue.getAllowList(request.actor, request.params.id),
  });

  app.put('/api/dialogue/conversations/:id/allow-list', {
    schema: { tags, summary: 'Replace the allow-list and say whether it is required (facilitator; audited as a count and hash)', params: s.idParams, body: s.allowListBody, response: { 200: s.allowListResponse, ...errorResponses } },
    handler: async (request) => dialogue.setAllowList(request.actor, request.params.id, request.body),
  });

  app.post('/api/dialogue/conversations/:id/checkpoint', {
    schema: { tags, summary: 'Record an audited checkpoint of the votes now: counts and a SHA-256 of the vote table (facilitator)', params: s.idParams, response: { 200: s.checkpointResponse, ...errorResponses } },
    handler: async (request) => dialogue.checkpoint(request.actor, request.params.id),
  });

  app.get('/api/dialogue/conversations/:id/export', {
    schema: { tags, summary: 'The conversation as the four Pol.is open-data files, in one JSON document (facilitator)', params: s.idParams, response: { 200: s.exportResponse, ...errorResponses } },
    handler: async (request) => {
      await dialogue.votes.idle();
      return { files: await exportPolis(ctx.db, request.actor, request.params.id) };
    },
  });

  app.post('/api/dialogue/import', {
    bodyLimit: s.IMPORT_BODY_LIMIT_BYTES,
    schema: { tags, summary: 'A new conversation from a Pol.is export, all or nothing (facilitator; audited)', body: s.importBody, response: { 201: s.importResponse, ...errorResponses } },
    handler: async (request, reply) => {
      const imported = await importPolis(ctx.db, request.actor, request.body);
      return reply.status(201).send({
        conversation: await dialogue.getConversation(request.actor, imported.conversationId),
        invitations: [imported.invitation],
        imported: imported.imported,
      });
    },
  });
}

import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { errorResponses, type App } from '../http/types.ts';
import { jobIdParams, jobListQuery, jobSchema } from './schemas.ts';

export async function jobsRoutes(app: App, ctx: AppContext): Promise<void> {
  const { jobs } = ctx;

  // The runner works while the server listens: not for app.inject in tests (they drive the queue step by step),
  // nor for CLI commands that only open the data.
  app.addHook('onListen', async () => jobs.start());
  app.addHook('onClose', async () => jobs.stop());

  app.get('/api/jobs', {
    schema: {
      tags: ['jobs'],
      summary: 'Background jobs about one subject (e.g. an item or blob), newest first: progress and failure reasons',
      querystring: jobListQuery,
      response: { 200: z.object({ jobs: z.array(jobSchema) }), ...errorResponses },
    },
    handler: async (request) => ({
      jobs: await jobs.listJobs(request.actor, request.query.subjectType, request.query.subjectId, request.query.limit),
    }),
  });

  app.get('/api/jobs/:id', {
    schema: {
      tags: ['jobs'],
      summary: 'One background job',
      params: jobIdParams,
      response: { 200: z.object({ job: jobSchema }), ...errorResponses },
    },
    handler: async (request) => ({ job: await jobs.getJob(request.actor, request.params.id) }),
  });
}

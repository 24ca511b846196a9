import { resolve } from 'node:path';
import Fastify, { type FastifyServerOptions } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from './context.ts';
import { installAuthentication } from './http/auth.ts';
import { installSecurityHeaders } from './http/security-headers.ts';
import { clientErrorHandler, frameworkErrorHandler, installErrorHandling } from './http/errors.ts';
import { installTextNormalisation } from './http/text.ts';
import { registerWebApp } from './http/web-app.ts';
import { databaseRateStore, refuseInvalidRouteLimits } from './http/rate-store.ts';
import type { App } from './http/types.ts';
import { moduleRoutes } from './modules.ts';
import { noClock, type StartupClock } from './startup-clock.ts';

/** The Content-Security-Policy of every response: no inline code, nothing from other origins. */
export const contentSecurityPolicy = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  mediaSrc: ["'self'", 'blob:'],
  frameSrc: ["'self'"],
  frameAncestors: ["'none'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
};

/** Helmet's options for every answer: this policy, and HSTS only where cookies are secure (served over HTTPS). */
export const securityHeaderOptions = (secureCookies: boolean) => ({
  contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy },
  crossOriginEmbedderPolicy: false,
  hsts: secureCookies ? undefined : false,
});

/**
 * Swagger UI's bundle inserts one fixed <style> element when it renders; its hash (reported by Chromium, checked by
 * test/browser/api-docs.test.ts, so an upgrade that changes it fails there) is all /api/docs adds to the policy above.
 */
const swaggerUiStyleHash = "'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='";

/** The policy of /api/docs: the app's policy, plus that one style element, and no inline scripts or other origins. */
export const apiDocsContentSecurityPolicy: Record<string, string[]> = Object.fromEntries(
  Object.entries({ ...contentSecurityPolicy, styleSrc: [...contentSecurityPolicy.styleSrc, swaggerUiStyleHash] }).map(([name, sources]) => [
    name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`),
    sources,
  ]),
);

/**
 * Fastify's factories for its root compilers, returning zod's. Fastify types them by its Ajv and fast-json-stringify
 * options, which these ignore; at run time a factory is any function returning a compiler (fastify/lib/schema-controller.js).
 */
const zodCompilers = {
  buildValidator: () => validatorCompiler,
  buildSerializer: () => serializerCompiler,
} as unknown as NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;

export async function buildApp(ctx: AppContext, options: { logger?: FastifyServerOptions['logger']; clock?: StartupClock } = {}): Promise<App> {
  const { config } = ctx;
  const clock = options.clock ?? noClock;
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: config.jsonBodyLimitBytes,
    trustProxy: config.trustProxy,
    // Request ids appear in error answers for unexpected failures so an operator can find the log line.
    genReqId: () => crypto.randomUUID(),
    routerOptions: { maxParamLength: 500 },
    // Every route's schemas are zod's (set below): naming the compilers here keeps Fastify from building its default
    // JSON-schema ones, which load Ajv and fast-json-stringify (about 250 files) at every start, unused (issue 15).
    schemaController: { compilersFactory: zodCompilers },
    // Errors raised before routing (414, undecodable URLs) and by Node's parser answer in the one error shape too.
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);
  // JSON only (multipart where a module registers it): a text/plain body is what a cross-site form can send.
  app.removeContentTypeParser('text/plain');

  installSecurityHeaders(app, securityHeaderOptions(config.secureCookies));
  await app.register(fastifyCookie);
  // Before any route: a route limit the plugin would quietly replace by its default stops the start instead.
  refuseInvalidRouteLimits(app);
  await app.register(fastifyRateLimit, {
    global: false,
    // Counted in the database: a limit holds across every process, not per process.
    store: databaseRateStore(ctx.db),
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      code: 'rate_limited',
      message: `Too many requests; try again in ${context.after}`,
    }),
  });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Reckon API',
        version: ctx.version,
        description:
          'Evidence archive, integrity ledger, claims and recognition registry, casualty records, estimation and dialogue. ' +
          'Errors always have the shape {error:{code,message,details}}. Writes made with the session cookie need the ' +
          'x-csrf-token header; API tokens go in "Authorization: Bearer rk_...".',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'reckon_session' },
        },
      },
    },
    transform: jsonSchemaTransform,
    // Schemas with a zod id (recursive ones such as a registry figure) become components the routes refer to.
    transformObject: jsonSchemaTransformObject,
  });
  // Its own policy replaces the plugin's default one, which allowed styles and fonts from any https origin.
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: apiDocsContentSecurityPolicy });
  clock.mark('framework plugins');

  installAuthentication(app, ctx);
  installTextNormalisation(app);
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  for (const register of moduleRoutes) await register(app, ctx);
  clock.mark('module routes declared');

  await registerWebApp(app, resolve(config.webDist));
  clock.mark('web app');
  return app;
}

import fastifySwagger from '@fastify/swagger';
import Fastify from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildOpenApiDocument, renderContractTypes } from '../../scripts/api-contract.ts';

/** The generated contract's types for one route whose answer is `response`, through the same zod → OpenAPI path as the app. */
async function typesFor(response: z.ZodType): Promise<string> {
  const app = Fastify().withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(fastifySwagger, {
    openapi: { openapi: '3.1.0', info: { title: 'contract test', version: '1' } },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  app.get('/api/things/:id', { schema: { params: z.object({ id: z.string() }), response: { 200: response } } }, async () => ({}));
  await app.ready();
  const types = await renderContractTypes(app.swagger());
  await app.close();
  return types;
}

/** Routes that answer with a file or a stream, not JSON: their answer has no JSON schema on purpose. */
const NOT_JSON = new Set([
  'get /api/archive/items/{id}/files/{fileId}/content',
  'get /api/archive/items/{id}/files/{fileId}/thumbnail',
  'get /api/archive/export.csv',
  'get /api/ledger/bags/{id}/download',
  'get /api/dialogue/conversations/{id}/events',
]);

describe('the API contract generated from the zod schemas', () => {
  it('follows a field added to a zod response schema, with its type, and nothing else changes by hand', async () => {
    const before = await typesFor(z.object({ thing: z.object({ id: z.string(), name: z.string() }) }));
    const after = await typesFor(z.object({ thing: z.object({ id: z.string(), name: z.string(), victims: z.number().int().nullable() }) }));
    expect(before).toMatch(/name: string;/);
    expect(before).not.toMatch(/victims/);
    expect(after).toMatch(/victims: number \| null;/);
    expect(after).not.toBe(before);
  });

  it('names a recursive schema once, as a component the route refers to', async () => {
    const part: z.ZodType = z
      .object({
        label: z.string(),
        get parts() {
          return z.array(part).optional();
        },
      })
      .meta({ id: 'ContractTestPart' });
    const types = await typesFor(z.object({ part }));
    expect(types).toMatch(/ContractTestPart: \{/);
    expect(types).toMatch(/components\["schemas"\]\["ContractTestPart"\]/);
  });

  it("gives every JSON route of the real app a typed answer, and the app's document generates without an unresolved reference", async () => {
    const document = (await buildOpenApiDocument()) as {
      paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>;
    };
    const untyped: string[] = [];
    let operations = 0;
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        operations++;
        const key = `${method} ${path}`;
        const success = Object.entries(operation.responses ?? {}).filter(([status]) => status.startsWith('2'));
        const typed = success.some(([status, answer]) => status === '204' || answer.content?.['application/json']?.schema !== undefined);
        if (!typed && !NOT_JSON.has(key)) untyped.push(key);
      }
    }
    expect(operations).toBeGreaterThan(100);
    expect(untyped).toEqual([]);
    await expect(renderContractTypes(document)).resolves.toMatch(/export interface paths/);
  });

  it('lets no web API module write an API shape by hand: its types are named from the contract, its calls go through call()', () => {
    const web = join(import.meta.dirname, '..', '..', 'src', 'web');
    const sources = (readdirSync(web, { recursive: true }) as string[]).filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f));
    // The modules that speak to the server: api.ts, participantApi.ts, command-api.ts and the like, and the shared types.
    const apiModule = (file: string) => /(^|[/\\-])(api|[a-z]+Api)\.ts$/.test(file) || file === join('api', 'types.ts');
    const handWritten: string[] = [];
    for (const file of sources) {
      const source = ts.createSourceFile(file, readFileSync(join(web, file), 'utf8'), ts.ScriptTarget.Latest, true);
      const at = (node: ts.Node) => `${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
      const visit = (node: ts.Node): void => {
        // request<T>() asserts an answer's type; call() reads it from the contract (the client itself defines request).
        if (
          ts.isCallExpression(node) &&
          node.typeArguments &&
          ts.isIdentifier(node.expression) &&
          node.expression.text === 'request' &&
          file !== join('api', 'client.ts')
        ) {
          handWritten.push(`${at(node)} request<…>() with a hand-written answer type`);
        }
        if (apiModule(file)) {
          if (ts.isInterfaceDeclaration(node)) handWritten.push(`${at(node)} interface ${node.name.text}`);
          if (ts.isTypeAliasDeclaration(node)) {
            const literal = ts.isTypeLiteralNode(node.type) || (ts.isUnionTypeNode(node.type) && node.type.types.every((t) => ts.isLiteralTypeNode(t)));
            if (literal) handWritten.push(`${at(node)} type ${node.name.text} written out instead of named from the contract`);
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    expect(sources.filter(apiModule).length).toBeGreaterThan(10);
    expect(handWritten).toEqual([]);
  });
});

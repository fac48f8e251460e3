import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import type { RouteDef } from './route';

const HtmlPage = z.string().describe('an HTML page (zh-CN on public routes)');

const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), reason: z.string() })).optional(),
});

/** The OpenAPI 3.1 document, generated from the same zod contracts that parse every request. */
export function buildOpenApi(routes: readonly RouteDef[], info: { title: string; version: string }) {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });
  for (const r of routes) {
    const html = r.responds === 'html';
    const bodyType = r.bodyType === 'form' ? 'application/x-www-form-urlencoded' : 'application/json';
    // An HTML route answers its errors as pages too (packages/http handler.ts).
    const errorContent = html
      ? { 'text/html': { schema: HtmlPage } }
      : { 'application/problem+json': { schema: Problem } };
    registry.registerPath({
      method: r.method.toLowerCase() as 'get',
      path: r.path,
      operationId: r.operationId,
      summary: r.summary,
      tags: [r.auth === 'public' ? 'public' : 'staff'],
      ...(r.auth === 'staff' ? { security: [{ bearer: [] }] } : {}),
      request: {
        ...(r.params ? { params: r.params } : {}),
        ...(r.query ? { query: r.query } : {}),
        ...(r.body ? { body: { content: { [bodyType]: { schema: r.body } } } } : {}),
      },
      responses: {
        [r.successStatus ?? 200]: {
          description: 'success',
          content: {
            [r.contentType ?? (html ? 'text/html' : 'application/json')]: { schema: r.response },
          },
        },
        400: { description: 'invalid input', content: errorContent },
        ...(r.auth === 'staff'
          ? {
              401: { description: 'no valid token' },
              403: {
                description: 'role or tenant not allowed',
                content: { 'application/problem+json': { schema: Problem } },
              },
            }
          : {}),
      },
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: info.title, version: info.version },
  });
}

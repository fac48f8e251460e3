import { defineRoute } from '@zuofeng/http';
import { z } from 'zod';

export const healthRoute = defineRoute({
  operationId: 'getHealth',
  method: 'GET',
  path: '/health',
  summary: 'Liveness and the table’s reachability',
  auth: 'public',
  response: z.object({
    status: z.enum(['ok']),
    table: z.enum(['reachable']),
    version: z.string(),
    time: z.string(),
  }),
});

export const openApiRoute = defineRoute({
  operationId: 'getOpenApi',
  method: 'GET',
  path: '/openapi.json',
  summary: 'This API’s OpenAPI 3.1 document, generated from the zod contracts',
  auth: 'public',
  response: z.record(z.string(), z.unknown()),
});

export const routes = [healthRoute, openApiRoute] as const;

import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { createLogger, readConfig } from '@zuofeng/core';
import { createDocumentClient, sharedKeys } from '@zuofeng/ddb';
import { buildHttpHandler, buildOpenApi, implement } from '@zuofeng/http';
import { z } from 'zod';
import { allRoutes } from '../../../registry';
import { healthRoute, openApiRoute } from '../contract';

const config = readConfig(
  z.object({ TABLE_NAME: z.string().min(1), APP_VERSION: z.string().default('0.1.0') }),
);
const doc = createDocumentClient();
const openApi = buildOpenApi(allRoutes(), { title: 'zuofeng API', version: config.APP_VERSION });

export const handler = buildHttpHandler({
  service: 'platform',
  logger: createLogger('platform'),
  routes: [
    implement(healthRoute, async () => {
      // A read of a fixed key proves the table answers; a failure surfaces as a 500 in the health check.
      await doc.send(
        new GetCommand({ TableName: config.TABLE_NAME, Key: sharedKeys.registryEntry('platform') }),
      );
      return {
        status: 'ok',
        table: 'reachable',
        version: config.APP_VERSION,
        time: new Date().toISOString(),
      };
    }),
    implement(openApiRoute, async () => openApi),
  ],
});

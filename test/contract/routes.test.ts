import { join } from 'node:path';
import { implementedRoutes, type RouteDef } from '@zuofeng/http';
import { httpFunctions } from '@zuofeng/manifest';
import { manifests } from '../../services/registry';
import { handlerEnv } from '../support/env';

/**
 * API Gateway (CDK) and the local runtime route a request to a function by the manifest's route list; the
 * function's handler routes it again by the routes it implements. A route implemented but left out of the
 * manifest is a 404 everywhere, and one listed but not implemented is a 404 from the function: the two lists
 * must be the same, function by function.
 */
const key = (r: RouteDef) => `${r.method} ${r.path}`;
const functions = manifests.flatMap((m) => httpFunctions(m).map((h) => ({ service: m.name, ...h })));

// The handlers read their configuration at import, as on Lambda; nothing here reaches a table.
beforeAll(() =>
  handlerEnv('routes-contract', {
    SEALING_KEY: Buffer.alloc(32, 7).toString('base64'),
    LOCAL_EVIDENCE_SECRET: 'routes-contract-evidence-secret',
    LOCAL_EVIDENCE_DIR: '/tmp/zuofeng-routes-contract',
    IDENTITY_DIRECTORY: 'local',
  }),
);

describe('every HTTP function', () => {
  it.each(functions.map((f) => [`${f.service} ${f.entry}`, f] as const))(
    '%s implements exactly the routes its manifest lists',
    async (_name, f) => {
      // Act
      const mod = (await import(join(__dirname, '../..', f.entry))) as { handler?: unknown };
      const implemented = implementedRoutes(mod.handler);

      // Assess
      expect(implemented).toBeDefined();
      expect([...(implemented ?? [])].sort()).toEqual(f.routes.map(key).sort());
    },
  );
});

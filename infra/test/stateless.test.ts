import * as fs from 'node:fs';
import { isBuiltin } from 'node:module';
import * as path from 'node:path';
import { marshall } from '@aws-sdk/util-dynamodb';
import { outboxPut, outboxStreamFilter } from '@zuofeng/ddb';
import { type AnyEventDeclaration, problemReported } from '@zuofeng/events';
import { httpFunctions, type ServiceManifest, TIME_ZONE } from '@zuofeng/manifest';
import { matchesPattern, rulePattern, subscriptionDefaults } from '@zuofeng/messaging';
import type { CfnElement } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import fixture from '../../events/fixtures/problem.reported.json';
import { allRoutes, allSchedules, allSubscriptions, manifests } from '../../services/registry';
import { IMMUTABLE } from '../src/console';
import { pascal } from '../src/queues';
import { schedulerCron } from '../src/schedule-expression';
import { DEFAULT_THROTTLE, publicRouteThrottle } from '../src/stateless-stack';
import {
  asArray,
  cognitoStatements,
  deployedConfig,
  importedValue,
  type Json,
  refId,
  resourcesOf,
  roleStatements,
  type Synthesized,
  stagedAsset,
  synth,
} from './synth';

// The one synth in the infra tests that bundles every function with esbuild for real. esbuild runs once per
// function; the timeout leaves room for when jest shares the machine with the end-to-end tests.
let s: Synthesized;
beforeAll(() => {
  // The feedback function's bundle carries the residents' form (its manifest's `files`), built by jest's global setup.
  s = synth({ stage: 'dev' }, { bundle: true });
}, 180_000);

const functions = () => resourcesOf(s.statelessJson, 'AWS::Lambda::Function');
const functionByDescription = (description: string): [string, Json] => {
  const found = functions().filter(([, f]) => f.Properties.Description === description);
  expect(found.map(([id]) => id)).toHaveLength(1);
  return found[0]!;
};
/** A stateless-stack value that imports a stateful-stack resource's attribute: the stateful logical id. */
const statefulId = (value: unknown) => refId(importedValue(s.statefulJson, value));
/** The logical id of a construct of the stateful stack. */
const idOf = (construct: IConstruct) =>
  s.stateful.resolve(s.stateful.getLogicalId(construct.node.defaultChild as CfnElement)) as string;
/** True when a value imports an attribute of that stateful construct. */
const importsFrom = (value: unknown, construct: IConstruct) => {
  const name = (value as { 'Fn::ImportValue'?: unknown })?.['Fn::ImportValue'];
  return typeof name === 'string' && statefulId(value) === idOf(construct);
};

/** The platform's own functions: everything but CDK's console deployment handler (python). */
/** The descriptions of a service's HTTP functions: `<service> HTTP API`, `<service> HTTP API (<name>)`. */
const httpDescriptions = (m: ServiceManifest) =>
  httpFunctions(m).map((h) => (h.name ? `${m.name} HTTP API (${h.name})` : `${m.name} HTTP API`));

const serviceFunctions = () =>
  functions().filter(([, f]) => f.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME);

describe('functions', () => {
  it('one per HTTP entry, subscription and schedule, all Node.js 24 on arm64 with tracing', () => {
    const expected = manifests.flatMap((m) => [
      ...httpDescriptions(m),
      ...m.subscriptions.map((sub) => `${m.name} consumer ${sub.name}`),
      ...m.schedules.map((sch) => `${m.name} schedule ${sch.name}`),
    ]);
    expect(
      serviceFunctions()
        .map(([, f]) => f.Properties.Description)
        .sort(),
    ).toEqual(expected.sort());
    // Besides them, only CDK's handler that copies the console into its bucket.
    expect(functions().length).toBe(serviceFunctions().length + 1);
    for (const [, f] of serviceFunctions()) {
      expect(f.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogGroup: { Ref: expect.any(String) } },
      });
    }
  });

  it('are bundled by esbuild into one self-contained CommonJS file that exports the handler', () => {
    for (const [id, f] of serviceFunctions()) {
      // The staged asset directory is named after the hash that the template's S3 key carries.
      const key = f.Properties.Code.S3Key as string;
      const file = path.join(s.app.outdir, `asset.${key.replace(/\.zip$/, '')}`, 'index.js');
      const code = fs.readFileSync(file, 'utf8');
      expect(code).toMatch(/handler/);
      // Whatever a handler imports (the AWS SDK included) is inside the bundle: only Node's own modules are left
      // to require at run time. This holds for a placeholder handler and for the full service alike.
      // Not counted: the optional SigV4a signers, which the SDK only names in an error message that tells how to
      // install them (`require("@aws-sdk/signature-v4-crt")`) and never loads here.
      const optional = ['@aws-sdk/signature-v4-crt', '@aws-sdk/signature-v4a'];
      const required = [...code.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]!);
      expect([id, required.filter((r) => !isBuiltin(r) && !optional.includes(r))]).toEqual([id, []]);
      // No ESM syntax left for Node's CJS loader to trip over (middy is ESM-only upstream).
      expect(code).not.toMatch(/^import\s|\bimport\.meta\b/m);
    }
  });

  it("carry the files their manifest bundles: the residents' form and the poster font beside the feedback handler", () => {
    const [, f] = functionByDescription('feedback HTTP API');
    const dir = path.join(s.app.outdir, `asset.${(f.Properties.Code.S3Key as string).replace(/\.zip$/, '')}`);
    const page = fs.readFileSync(path.join(dir, 'form', 'index.html'), 'utf8');
    expect(page).toContain('__ZF_BASIC_HREF__');
    expect(fs.readdirSync(path.join(dir, 'form', 'assets')).sort()).toEqual(
      expect.arrayContaining(['form.js', 'pow.js', 'receipt.js']),
    );
    // The poster's CJK font rides with the print function alone, at the name the code looks for.
    expect(fs.existsSync(path.join(dir, 'NotoSansSC_400Regular.ttf'))).toBe(false);
    const [, print] = functionByDescription('feedback HTTP API (print)');
    const printDir = path.join(
      s.app.outdir,
      `asset.${(print.Properties.Code.S3Key as string).replace(/\.zip$/, '')}`,
    );
    expect(fs.statSync(path.join(printDir, 'NotoSansSC_400Regular.ttf')).size).toBeGreaterThan(1_000_000);
    expect(fs.existsSync(path.join(printDir, 'form'))).toBe(false);
    // Only the service that declares it.
    const [, intake] = functionByDescription('intake HTTP API');
    const other = path.join(
      s.app.outdir,
      `asset.${(intake.Properties.Code.S3Key as string).replace(/\.zip$/, '')}`,
    );
    expect(fs.existsSync(path.join(other, 'form'))).toBe(false);
  });

  it('print QR codes on the public origin a deployment names (context publicBaseUrl)', () => {
    const named = synth({ stage: 'dev', publicBaseUrl: 'https://pj.example.gov.cn' });
    const feedback = resourcesOf(named.statelessJson, 'AWS::Lambda::Function').find(
      ([, f]) => f.Properties.Description === 'feedback HTTP API',
    )!;
    expect(feedback[1].Properties.Environment.Variables.PUBLIC_BASE_URL).toBe('https://pj.example.gov.cn');
    // Without it, none: links are built on the host the console called.
    expect(
      functionByDescription('feedback HTTP API')[1].Properties.Environment.Variables.PUBLIC_BASE_URL,
    ).toBeUndefined();
  });

  it('carry the Powertools service name of their manifest', () => {
    for (const m of manifests) {
      for (const d of httpDescriptions(m)) {
        const [, f] = functionByDescription(d);
        expect(f.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME).toBe(m.name);
      }
    }
  });

  it('get the table access their manifest declares, with named indexes and nothing on index/*', () => {
    for (const m of manifests) {
      const descriptions = [
        ...httpDescriptions(m),
        ...m.subscriptions.map((sub) => `${m.name} consumer ${sub.name}`),
      ];
      for (const d of descriptions) {
        const [, f] = functionByDescription(d);
        expect(f.Properties.Environment.Variables.TABLE_NAME).toBeDefined();
        const statements = roleStatements(s.statelessJson, refId(f.Properties.Role));
        const onTable = statements.filter((st) =>
          asArray(st.Resource).some((r) => importsFrom(r, s.stateful.table)),
        );
        const actions = onTable.flatMap((st) => asArray(st.Action as string | string[]));
        expect([d, actions]).toEqual([d, expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query'])]);
        if (m.tableAccess === 'readwrite') {
          expect([d, actions]).toEqual([
            d,
            expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:UpdateItem']),
          ]);
        } else {
          expect([d, actions]).toEqual([d, expect.not.arrayContaining(['dynamodb:PutItem'])]);
        }
        expect(JSON.stringify(statements)).not.toContain('/index/*');
        expect(JSON.stringify(statements)).toContain('/index/gsi1');
      }
    }
  });

  it('only the services that list the form-link secret can read it', () => {
    for (const [, f] of serviceFunctions()) {
      const service = f.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME as string;
      const wants = manifests.find((m) => m.name === service)?.secrets?.includes('formLink') ?? false;
      const statements = roleStatements(s.statelessJson, refId(f.Properties.Role));
      const reads = statements.some((st) => asArray(st.Action).includes('secretsmanager:GetSecretValue'));
      expect([f.Properties.Description, reads]).toEqual([f.Properties.Description, wants]);
      expect(Boolean(f.Properties.Environment.Variables.FORM_LINK_SECRET_ARN)).toBe(wants);
    }
  });

  it('use "*" only for X-Ray, which has no resource-level permissions', () => {
    for (const [, f] of serviceFunctions()) {
      for (const st of roleStatements(s.statelessJson, refId(f.Properties.Role))) {
        if (asArray(st.Resource).includes('*')) {
          expect(asArray(st.Action as string).every((a) => a.startsWith('xray:'))).toBe(true);
        }
      }
    }
  });
});

describe('account administration (identityAdmin)', () => {
  const ADMIN_ACTIONS = [
    'cognito-idp:AdminAddUserToGroup',
    'cognito-idp:AdminCreateUser',
    'cognito-idp:AdminDisableUser',
    'cognito-idp:AdminEnableUser',
    'cognito-idp:AdminGetUser',
    'cognito-idp:AdminRemoveUserFromGroup',
    'cognito-idp:AdminUpdateUserAttributes',
  ];
  const admins = () => manifests.filter((m) => m.identityAdmin).map((m) => m.name);
  const serviceOf = (f: Json) => f.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME as string;

  it('tenancy is the service that manages accounts', () => {
    expect(admins()).toEqual(['tenancy']);
  });

  it("gives the tenancy functions USER_POOL_ID and exactly the admin actions on that one pool's ARN", () => {
    const fns = serviceFunctions().filter(([, f]) => admins().includes(serviceOf(f)));
    expect(fns.length).toBeGreaterThan(0);
    for (const [id, f] of fns) {
      const env = f.Properties.Environment.Variables;
      expect([id, refId(importedValue(s.statefulJson, env.USER_POOL_ID))]).toEqual([
        id,
        idOf(s.stateful.userPool!),
      ]);
      expect(env.IDENTITY_DIRECTORY).toBeUndefined();
      const statements = roleStatements(s.statelessJson, refId(f.Properties.Role)).filter((st) =>
        asArray(st.Action as string).some((a) => a.startsWith('cognito-idp:')),
      );
      expect(statements).toHaveLength(1);
      const [st] = statements as [Json];
      expect(st.Effect).toBe('Allow');
      expect(asArray(st.Action as string).sort()).toEqual(ADMIN_ACTIONS);
      expect(asArray(st.Resource).map((r) => importedValue(s.statefulJson, r))).toEqual([
        { 'Fn::GetAtt': [idOf(s.stateful.userPool!), 'Arn'] },
      ]);
    }
  });

  it('gives no other function a cognito-idp permission or the pool id', () => {
    const adminRoles = serviceFunctions()
      .filter(([, f]) => admins().includes(serviceOf(f)))
      .map(([, f]) => refId(f.Properties.Role));
    for (const [id, f] of serviceFunctions().filter(([, fn]) => !admins().includes(serviceOf(fn)))) {
      expect([id, f.Properties.Environment.Variables.USER_POOL_ID]).toEqual([id, undefined]);
      const statements = roleStatements(s.statelessJson, refId(f.Properties.Role));
      expect([id, JSON.stringify(statements).includes('cognito-idp')]).toEqual([id, false]);
    }
    // Nor any other role in the stack: every cognito-idp statement is one of the admin roles' own.
    const onAdminRoles = adminRoles.flatMap((r) =>
      roleStatements(s.statelessJson, r).filter((st) => JSON.stringify(st.Action).includes('cognito-idp:')),
    );
    expect(cognitoStatements(s.statelessJson)).toHaveLength(onAdminRoles.length);
  });
});

describe('the staff console deployment', () => {
  const deployments = () => resourcesOf(s.statelessJson, 'Custom::CDKBucketDeployment');
  const byPrune = (prune: boolean) => {
    const found = deployments().filter(([, d]) => d.Properties.Prune === prune);
    expect(found).toHaveLength(1);
    return found[0]!;
  };
  const consoleBucketExport = () =>
    Object.values(s.statefulJson.Outputs as Record<string, Json>).find(
      (o) =>
        JSON.stringify(o.Value) ===
        JSON.stringify({ 'Fn::GetAtt': [idOf(s.stateful.consoleHosting!.bucket), 'Arn'] }),
    )?.Export?.Name as string;

  it('copies into the console bucket under console/, assets kept and immutable, the rest no-cache and pruned', () => {
    expect(deployments()).toHaveLength(2);
    const [assetsId, assets] = byPrune(false);
    const [, app] = byPrune(true);
    for (const d of [assets, app]) {
      expect(d.Properties.DestinationBucketKeyPrefix).toBe('console/');
      expect(JSON.stringify(d.Properties.DestinationBucketName)).toContain(
        JSON.stringify({ 'Fn::ImportValue': consoleBucketExport() }),
      );
    }
    expect(assets.Properties).toMatchObject({
      Exclude: ['*'],
      Include: ['assets/*'],
      SystemMetadata: { 'cache-control': IMMUTABLE },
    });
    expect(IMMUTABLE).toMatch(/max-age=31536000.*immutable/);
    expect(app.Properties).toMatchObject({
      Exclude: ['assets/*'],
      SystemMetadata: { 'cache-control': 'no-cache' },
    });
    expect(app.Properties.Include).toBeUndefined();
    // The same build feeds both, and index.html is only written once its assets are there.
    expect(app.Properties.SourceObjectKeys[0]).toBe(assets.Properties.SourceObjectKeys[0]);
    expect(app.DependsOn).toContain(assetsId);
  });

  it('writes config.json with the Cognito issuer, the console client id and the API URL', () => {
    const [, app] = byPrune(true);
    const config = deployedConfig(s.app.outdir, app);
    expect(Object.keys(config).sort()).toEqual(['apiUrl', 'auth', 'clientId', 'issuer']);
    expect(config.auth).toBe('oidc');
    const issuer = config.issuer as unknown[];
    expect(issuer.slice(0, 5)).toEqual([
      'https://cognito-idp.',
      { Ref: 'AWS::Region' },
      '.',
      { Ref: 'AWS::URLSuffix' },
      '/',
    ]);
    expect(refId(importedValue(s.statefulJson, issuer[5]))).toBe(idOf(s.stateful.userPool!));
    expect(refId(importedValue(s.statefulJson, config.clientId))).toBe(idOf(s.stateful.userPoolClient!));
    const [[apiId]] = resourcesOf(s.statelessJson, 'AWS::ApiGatewayV2::Api') as [[string, Json]];
    expect(config.apiUrl).toEqual({ 'Fn::GetAtt': [apiId, 'ApiEndpoint'] });
  });

  it('deploys a placeholder page, with a warning, when the console was not built', () => {
    expect(s.stateless.consoleDeployment?.built).toBe(false);
    Annotations.fromStack(s.stateless).hasWarning(
      `/${s.stateless.consoleDeployment!.node.path}`,
      Match.stringLikeRegexp('placeholder'),
    );
    const [, app] = byPrune(true);
    const page = fs.readFileSync(
      path.join(stagedAsset(s.app.outdir, app.Properties.SourceObjectKeys[0]), 'index.html'),
      'utf8',
    );
    expect(page).toContain('not built');
  });

  it("runs CDK's copy handler on a role of its own: no managed policy, no wildcard service, its own logs", () => {
    const handlers = functions().filter(([, f]) => String(f.Properties.Runtime).startsWith('python'));
    expect(handlers).toHaveLength(1);
    const [, handler] = handlers[0]!;
    for (const [, d] of deployments())
      expect(d.Properties.ServiceToken['Fn::GetAtt'][0]).toBe(handlers[0]![0]);
    const roleId = refId(handler.Properties.Role);
    expect(s.statelessJson.Resources[roleId].Properties.ManagedPolicyArns).toBeUndefined();
    const statements = roleStatements(s.statelessJson, roleId);
    const actions = statements.flatMap((st) => asArray(st.Action as string));
    expect(actions.filter((a) => !a.startsWith('s3:') && !a.startsWith('logs:'))).toEqual([]);
    expect(statements.flatMap((st) => asArray(st.Resource))).not.toContain('*');
    const logGroup = refId(handler.Properties.LoggingConfig.LogGroup);
    const logStatements = statements.filter((st) =>
      asArray(st.Action as string).some((a) => a.startsWith('logs:')),
    );
    for (const st of logStatements) {
      expect(asArray(st.Resource).map((r) => refId(r))).toEqual([logGroup]);
    }
  });
});

describe('the outbox pipe', () => {
  const pipe = () => {
    const pipes = resourcesOf(s.statelessJson, 'AWS::Pipes::Pipe');
    expect(pipes).toHaveLength(1);
    return pipes[0]![1].Properties;
  };
  it('reads the table stream, filtered by the outbox filter, with finite retries and a DLQ', () => {
    const p = pipe();
    expect(importedValue(s.statefulJson, p.Source)).toEqual({
      'Fn::GetAtt': [idOf(s.stateful.table), 'StreamArn'],
    });
    const params = p.SourceParameters.DynamoDBStreamParameters;
    // Never LATEST: a Pipe created anew would skip the outbox rows written while it was being replaced.
    expect(params.StartingPosition).toBe('TRIM_HORIZON');
    expect(params.MaximumRetryAttempts).toBeGreaterThanOrEqual(0);
    expect(params.MaximumRetryAttempts).toBeLessThanOrEqual(185);
    expect(params.OnPartialBatchItemFailure).toBe('AUTOMATIC_BISECT');
    expect(statefulId(params.DeadLetterConfig.Arn)).toBe(idOf(s.stateful.pipeDlq.queue));
    const filters = p.SourceParameters.FilterCriteria.Filters as { Pattern: string }[];
    expect(filters.map((f) => JSON.parse(f.Pattern))).toEqual([outboxStreamFilter]);
  });

  it('puts each outbox row on the bus under the detail-type and source the row carries', () => {
    const p = pipe();
    expect(refId(importedValue(s.statefulJson, p.Target))).toBe(idOf(s.stateful.bus));
    const { DetailType, Source } = p.TargetParameters.EventBridgeEventBusParameters;
    // Prepare: the stream record an outbox write produces.
    const envelope = problemReported.parse(fixture);
    const item = outboxPut('table', envelope).Put!.Item!;
    const record = { eventName: 'INSERT', dynamodb: { NewImage: marshall(item) } };
    const at = (jsonPath: string) =>
      jsonPath
        .replace(/^\$\./, '')
        .split('.')
        .reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], record);
    // Assess: the filter passes it, and the dynamic paths find its detail-type and source.
    expect(
      matchesPattern(JSON.parse(pipe().SourceParameters.FilterCriteria.Filters[0].Pattern), record),
    ).toBe(true);
    expect(at(DetailType)).toBe(envelope.detailType);
    expect(at(Source)).toBe(envelope.source);
    const stateRow = {
      eventName: 'INSERT',
      dynamodb: { NewImage: marshall({ pk: 'x', sk: 'y', kind: 'problem' }) },
    };
    expect(matchesPattern(outboxStreamFilter, stateRow)).toBe(false);
  });

  it('has a role that may read the stream, put on the bus and dead-letter, and nothing wider', () => {
    const statements = roleStatements(s.statelessJson, refId(pipe().RoleArn));
    const allowed = (action: string) =>
      statements
        .filter((st) => asArray(st.Action as string).includes(action))
        .flatMap((st) => asArray(st.Resource));
    expect(allowed('events:PutEvents').map(statefulId)).toEqual([idOf(s.stateful.bus)]);
    expect(allowed('sqs:SendMessage').map(statefulId)).toEqual([idOf(s.stateful.pipeDlq.queue)]);
    expect(allowed('dynamodb:GetRecords')).toHaveLength(1);
    for (const st of statements) {
      if (asArray(st.Resource).includes('*')) expect(st.Action).toBe('dynamodb:ListStreams');
    }
  });
});

describe('subscriptions', () => {
  it.each(allSubscriptions().map((sub) => [sub.name, sub] as const))(
    '%s: rule → queue (DLQ after ≥ 5 receives, visibility ≥ 6 × timeout) → consumer',
    (_name, sub) => {
      // The rule on the bus whose pattern is the subscription's.
      const rules = resourcesOf(s.statefulJson, 'AWS::Events::Rule').filter(
        ([, r]) => JSON.stringify(r.Properties.EventPattern) === JSON.stringify(rulePattern(sub)),
      );
      const mine = rules.filter(([, r]) => r.Properties.Description === `Events for ${sub.name}`);
      expect(mine).toHaveLength(1);
      const rule = mine[0]![1].Properties;
      expect(refId(rule.EventBusName)).toBe(idOf(s.stateful.bus));
      expect(rule.Targets).toHaveLength(1);
      const queueId = refId(rule.Targets[0].Arn);
      const queue = s.statefulJson.Resources[queueId].Properties;
      expect(queue.RedrivePolicy.maxReceiveCount).toBeGreaterThanOrEqual(5);
      // EventBridge's own delivery failures go to the same DLQ.
      expect(refId(rule.Targets[0].DeadLetterConfig.Arn)).toBe(
        refId(queue.RedrivePolicy.deadLetterTargetArn),
      );

      // The event source mapping that reads that queue, and its function.
      const mappings = resourcesOf(s.statelessJson, 'AWS::Lambda::EventSourceMapping').filter(
        ([, m]) => statefulId(m.Properties.EventSourceArn) === queueId,
      );
      expect(mappings).toHaveLength(1);
      const mapping = mappings[0]![1].Properties;
      expect(mapping.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
      expect(mapping.BatchSize).toBe(sub.batchSize ?? subscriptionDefaults.batchSize);
      const fn = s.statelessJson.Resources[refId(mapping.FunctionName)].Properties;
      expect(fn.Description).toBe(`${fn.Environment.Variables.POWERTOOLS_SERVICE_NAME} consumer ${sub.name}`);
      expect(fn.Timeout).toBe(sub.timeoutSeconds ?? subscriptionDefaults.timeoutSeconds);
      expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(6 * fn.Timeout);
      // The consumer may receive from its queue and write the table.
      const actions = roleStatements(s.statelessJson, refId(fn.Role)).flatMap((st) => asArray(st.Action));
      expect(actions).toEqual(
        expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'dynamodb:PutItem']),
      );
    },
  );

  it('every event a subscription names is one of the catalogue (no retyped names)', () => {
    for (const sub of allSubscriptions()) {
      for (const e of sub.events as readonly AnyEventDeclaration[]) {
        expect(rulePattern(sub)['detail-type']).toContain(e.detailType);
      }
    }
  });
});

describe('HTTP API', () => {
  const routes = () => resourcesOf(s.statelessJson, 'AWS::ApiGatewayV2::Route');
  const routeByKey = (key: string) => {
    const found = routes().filter(([, r]) => r.Properties.RouteKey === key);
    expect([key, found.length]).toEqual([key, 1]);
    return found[0]![1].Properties;
  };

  it('has a route per RouteDef: staff routes behind the JWT authorizer, public routes without one', () => {
    const [[authorizerId, authorizer]] = resourcesOf(s.statelessJson, 'AWS::ApiGatewayV2::Authorizer') as [
      [string, Json],
    ];
    expect(authorizer.Properties.AuthorizerType).toBe('JWT');
    expect(routes()).toHaveLength(allRoutes().length);
    for (const def of allRoutes()) {
      const r = routeByKey(`${def.method} ${def.path}`);
      if (def.auth === 'staff') {
        expect([def.path, r.AuthorizationType, r.AuthorizerId]).toEqual([
          def.path,
          'JWT',
          { Ref: authorizerId },
        ]);
      } else {
        expect([def.path, r.AuthorizationType ?? 'NONE', r.AuthorizerId]).toEqual([
          def.path,
          'NONE',
          undefined,
        ]);
      }
    }
  });

  it('checks tokens against the configured issuer and audience (the Cognito pool by default)', () => {
    s.statelessTemplate.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      JwtConfiguration: { Issuer: Match.anyValue(), Audience: [Match.anyValue()] },
    });
    const [[, authorizer]] = resourcesOf(s.statelessJson, 'AWS::ApiGatewayV2::Authorizer') as [
      [string, Json],
    ];
    const audience = importedValue(s.statefulJson, authorizer.Properties.JwtConfiguration.Audience[0]);
    expect(refId(audience)).toBe(idOf(s.stateful.userPoolClient!));
    // The issuer is the `iss` Cognito writes: the full https URL, in the partition's own domain.
    const [, parts] = authorizer.Properties.JwtConfiguration.Issuer['Fn::Join'] as [string, unknown[]];
    expect(parts.slice(0, 5)).toEqual([
      'https://cognito-idp.',
      { Ref: 'AWS::Region' },
      '.',
      { Ref: 'AWS::URLSuffix' },
      '/',
    ]);
    expect(refId(importedValue(s.statefulJson, parts[5]))).toBe(idOf(s.stateful.userPool!));
    expect(parts).toHaveLength(6);
  });

  it('lets the console, from its CloudFront origin only, call it with the methods the routes use', () => {
    const [[, api]] = resourcesOf(s.statelessJson, 'AWS::ApiGatewayV2::Api') as [[string, Json]];
    const cors = api.Properties.CorsConfiguration;
    expect(cors.AllowOrigins).toHaveLength(1);
    const [, [scheme, domain]] = cors.AllowOrigins[0]['Fn::Join'] as [string, [string, unknown]];
    expect(scheme).toBe('https://');
    expect(importedValue(s.statefulJson, domain)).toEqual({
      'Fn::GetAtt': [idOf(s.stateful.consoleHosting!.distribution), 'DomainName'],
    });
    expect([...cors.AllowMethods].sort()).toEqual(['GET', 'POST', 'PUT']);
    expect([...new Set(allRoutes().map((r) => r.method))].sort()).toEqual(['GET', 'POST', 'PUT']);
    expect([...cors.AllowHeaders].sort()).toEqual(
      ['accept-language', 'authorization', 'content-type', 'idempotency-key'].sort(),
    );
    expect(cors.AllowCredentials).toBeUndefined();
  });

  it('routes each path to its own service function', () => {
    for (const m of manifests) {
      for (const h of httpFunctions(m)) {
        const [fnId] = functionByDescription(
          h.name ? `${m.name} HTTP API (${h.name})` : `${m.name} HTTP API`,
        );
        for (const def of h.routes) {
          const r = routeByKey(`${def.method} ${def.path}`);
          const target = r.Target['Fn::Join'][1][1] as { Ref: string };
          const integration = s.statelessJson.Resources[target.Ref].Properties;
          expect(refId(integration.IntegrationUri)).toBe(fnId);
        }
      }
    }
  });

  it('throttles every public route on its own and the stage by default, and logs access', () => {
    const [[, stage]] = resourcesOf(s.statelessJson, 'AWS::ApiGatewayV2::Stage') as [[string, Json]];
    expect(stage.Properties.DefaultRouteSettings).toMatchObject({
      ThrottlingRateLimit: DEFAULT_THROTTLE.rateLimit,
      ThrottlingBurstLimit: DEFAULT_THROTTLE.burstLimit,
    });
    const publicKeys = allRoutes()
      .filter((r) => r.auth === 'public')
      .map((r) => `${r.method} ${r.path}`);
    expect(Object.keys(stage.Properties.RouteSettings).sort()).toEqual(publicKeys.sort());
    expect(publicKeys).toContain('POST /public/forms/{token}/feedback');
    // The residents' pages take a village meeting's burst; a submission stays the tightest.
    expect(
      publicRouteThrottle({ method: 'GET', path: '/f/assets/{file}' }).burstLimit,
    ).toBeGreaterThanOrEqual(120);
    expect(publicRouteThrottle({ method: 'POST', path: '/public/forms/{token}/feedback' })).toEqual({
      rateLimit: 20,
      burstLimit: 60,
    });
    for (const def of allRoutes().filter((r) => r.auth === 'public')) {
      const t = publicRouteThrottle(def);
      expect(stage.Properties.RouteSettings[`${def.method} ${def.path}`]).toEqual({
        ThrottlingRateLimit: t.rateLimit,
        ThrottlingBurstLimit: t.burstLimit,
      });
      expect(t.rateLimit).toBeLessThan(DEFAULT_THROTTLE.rateLimit);
    }
    expect(stage.Properties.AccessLogSettings.Format).toContain('$context.requestId');
    expect(s.statelessJson.Resources[refId(stage.Properties.AccessLogSettings.DestinationArn)].Type).toBe(
      'AWS::Logs::LogGroup',
    );
  });
});

describe('schedules', () => {
  it.each(allSchedules().map((d) => [d.name, d] as const))(
    '%s runs on China time with retries and a DLQ',
    (_n, def) => {
      const found = resourcesOf(s.statelessJson, 'AWS::Scheduler::Schedule').filter(
        ([, r]) => r.Properties.Description === def.description,
      );
      expect(found).toHaveLength(1);
      const p = found[0]![1].Properties;
      expect(p).toMatchObject({
        ScheduleExpression: schedulerCron(def),
        ScheduleExpressionTimezone: TIME_ZONE,
        FlexibleTimeWindow: { Mode: 'OFF' },
      });
      expect(TIME_ZONE).toBe('Asia/Shanghai');
      expect(p.Target.RetryPolicy.MaximumRetryAttempts).toBeGreaterThan(0);
      expect(statefulId(p.Target.DeadLetterConfig.Arn)).toBe(
        idOf(s.stateful.scheduleDlqs.get(def.name)!.queue),
      );
      const fnId = refId(p.Target.Arn);
      expect(s.statelessJson.Resources[fnId].Properties.Description).toMatch(`schedule ${def.name}`);
      // Its role may invoke that one function (and dead-letter), nothing else.
      const statements = roleStatements(s.statelessJson, refId(p.Target.RoleArn));
      const invoke = statements.filter((st) => asArray(st.Action).includes('lambda:InvokeFunction'));
      expect(invoke.flatMap((st) => asArray(st.Resource))).toEqual([{ 'Fn::GetAtt': [fnId, 'Arn'] }]);
      expect(statements.flatMap((st) => asArray(st.Action)).sort()).toEqual(
        ['lambda:InvokeFunction', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'].sort(),
      );
    },
  );
});

describe('the whole app', () => {
  it('writes no arn:aws: literal (every ARN carries the partition)', () => {
    expect(JSON.stringify(s.statefulJson)).not.toContain('arn:aws:');
    expect(JSON.stringify(s.statelessJson)).not.toContain('arn:aws:');
  });

  it('outputs what operators and tools look for', () => {
    expect(Object.keys(s.statelessJson.Outputs)).toContain('ApiUrl');
    expect(Object.keys(s.statefulJson.Outputs)).toEqual(
      expect.arrayContaining([
        'TableName',
        'BusName',
        'EvidenceBucketName',
        'SealingKeyArn',
        'DlqUrlOutboxPipe',
        ...allSubscriptions().map((sub) => `DlqUrl${pascal(sub.name)}`),
        ...allSchedules().map((sch) => `DlqUrlSchedule${pascal(sch.name)}`),
      ]),
    );
  });
});

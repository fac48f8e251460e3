import { httpFunctions, type SealingUse, type ServiceManifest, sealingOf } from '@zuofeng/manifest';
import type { CfnElement } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { manifests as registry } from '../../services/registry';
import { TAG } from '../src/config';
import { pascal } from '../src/queues';
import { SEALING_USE_ACTIONS } from '../src/sealing';
import { EVIDENCE_CORS } from '../src/stateful-stack';
import { asArray, importedValue, type Json, refId, resourcesOf, type Synthesized, synth } from './synth';

/**
 * The evidence bucket and the sealing key, wired from the manifests' `evidence` and `sealing` flags. Every
 * check runs on the app as the registry builds it, and on the same app with two synthetic services added (one
 * with each flag), so that the checks bite whichever services set the flags today.
 */

const PROBE_ENTRY = 'infra/test/fixtures/probe-handler.ts';
const probe = (name: string, flags: Pick<ServiceManifest, 'evidence' | 'sealing'>): ServiceManifest => ({
  name,
  http: { entry: PROBE_ENTRY, routes: [] },
  subscriptions: [],
  schedules: [
    {
      name: `${name}-sweep`,
      cron: { minute: '0', hour: '3' },
      entry: PROBE_ENTRY,
      description: `${name} sweep`,
    },
  ],
  tableAccess: 'read',
  ...flags,
});
const PROBES = [
  probe('probe-evidence', { evidence: 'readwrite' }),
  probe('probe-sealing', { sealing: 'seal-and-open' }),
  // An HTTP function that only seals, in a service whose other functions only open.
  {
    ...probe('probe-seal-only', { sealing: 'open' }),
    http: { entry: PROBE_ENTRY, routes: [], sealing: 'seal' as const },
  },
];
const WITH_PROBES = [...registry, ...PROBES];

let real: Synthesized;
let probed: Synthesized;
let prod: Synthesized;
beforeAll(() => {
  real = synth({ stage: 'dev' });
  probed = synth({ stage: 'dev' }, { manifests: WITH_PROBES });
  prod = synth({ stage: 'prod' });
}, 120_000);

const apps: [string, () => Synthesized, readonly ServiceManifest[]][] = [
  ['the registry', () => real, registry],
  ['the registry and two synthetic services', () => probed, WITH_PROBES],
];

/** The logical id of a construct of an app's stateful stack. */
const idOf = (s: Synthesized, construct: IConstruct) =>
  s.stateful.resolve(s.stateful.getLogicalId(construct.node.defaultChild as CfnElement)) as string;

const serviceOf = (f: Json) =>
  f.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME as string | undefined;
/** The platform's functions (not CDK's console deployment handler), split by whether their service is flagged. */
const functionsOf = (
  s: Synthesized,
  flagged: (m: ServiceManifest) => boolean,
  all: readonly ServiceManifest[],
) => {
  const names = all.filter(flagged).map((m) => m.name);
  const fns = resourcesOf(s.statelessJson, 'AWS::Lambda::Function').filter(([, f]) => serviceOf(f));
  return {
    flagged: fns.filter(([, f]) => names.includes(serviceOf(f)!)),
    others: fns.filter(([, f]) => !names.includes(serviceOf(f)!)),
  };
};
/** How many functions the flagged services have: one per HTTP entry, subscription and schedule. */
const functionCount = (ms: readonly ServiceManifest[]) =>
  ms.reduce((n, m) => n + httpFunctions(m).length + m.subscriptions.length + m.schedules.length, 0);

/**
 * What each platform function may do with the sealing key by its manifest, keyed by the description the
 * service construct gives it (`<service> HTTP API (<name>)`, `<service> consumer <name>`, …).
 */
const sealingUses = (all: readonly ServiceManifest[]) =>
  new Map<string, SealingUse | undefined>(
    all.flatMap((m) => [
      ...httpFunctions(m).map(
        (h) => [h.name ? `${m.name} HTTP API (${h.name})` : `${m.name} HTTP API`, sealingOf(m, h)] as const,
      ),
      ...m.subscriptions.map((sub) => [`${m.name} consumer ${sub.name}`, sealingOf(m)] as const),
      ...m.schedules.map((sch) => [`${m.name} schedule ${sch.name}`, sealingOf(m)] as const),
    ]),
  );

const statementsOf = (s: Synthesized, f: Json) =>
  resourcesOf(s.statelessJson, 'AWS::IAM::Policy')
    .filter(([, p]) => (p.Properties.Roles as unknown[]).some((r) => refId(r) === refId(f.Properties.Role)))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Json[]);
const actionsOf = (st: Json) => asArray(st.Action as string | string[]);

/** Whether an IAM action pattern (`kms:*`, `kms:Re*`) covers an action. */
const covers = (pattern: string, action: string) =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i').test(action);

describe.each(apps)('evidence, in %s', (_label, app, ms) => {
  const evidenceId = () => idOf(app(), app().stateful.evidenceBucket);

  it('gives every function of a service with evidence EVIDENCE_BUCKET and put/get on <bucket>/evidence/* only', () => {
    const s = app();
    const { flagged } = functionsOf(s, (m) => m.evidence === 'readwrite', ms);
    expect(flagged).toHaveLength(functionCount(ms.filter((m) => m.evidence === 'readwrite')));
    if (ms === WITH_PROBES) expect(flagged.length).toBeGreaterThanOrEqual(2);
    for (const [id, f] of flagged) {
      const env = f.Properties.Environment.Variables;
      expect([id, importedValue(s.statefulJson, env.EVIDENCE_BUCKET)]).toEqual([id, { Ref: evidenceId() }]);
      const s3Statements = statementsOf(s, f).filter((st) => actionsOf(st).some((a) => a.startsWith('s3:')));
      expect([id, s3Statements.length]).toEqual([id, 1]);
      const [st] = s3Statements as [Json];
      expect(st.Effect).toBe('Allow');
      expect(actionsOf(st).sort()).toEqual(['s3:GetObject', 's3:PutObject', 's3:PutObjectTagging']);
      const resources = asArray(st.Resource);
      expect(resources).toHaveLength(1);
      const [, [bucketArn, suffix, ...rest]] = (resources[0] as Json)['Fn::Join'] as [string, unknown[]];
      expect([suffix, rest]).toEqual(['/evidence/*', []]);
      expect(importedValue(s.statefulJson, bucketArn)).toEqual({ 'Fn::GetAtt': [evidenceId(), 'Arn'] });
    }
  });

  it('gives the functions of other services neither the variable nor any S3 permission', () => {
    const s = app();
    const { others } = functionsOf(s, (m) => m.evidence === 'readwrite', ms);
    expect(others.length).toBeGreaterThan(0);
    for (const [id, f] of others) {
      expect([id, f.Properties.Environment.Variables.EVIDENCE_BUCKET]).toEqual([id, undefined]);
      const s3Actions = statementsOf(s, f)
        .flatMap(actionsOf)
        .filter((a) => a.startsWith('s3:'));
      expect([id, s3Actions]).toEqual([id, []]);
    }
    // Nor any other role of the stack (the pipe's, the schedulers', the console deployment's).
    const exports = Object.values(s.statefulJson.Outputs as Record<string, Json>)
      .filter((o) => JSON.stringify(o.Value).includes(evidenceId()))
      .map((o) => o.Export?.Name as string)
      .filter(Boolean);
    expect(exports.length).toBeGreaterThan(0);
    const evidenceRoles = functionsOf(s, (m) => m.evidence === 'readwrite', ms).flagged.map(([, f]) =>
      refId(f.Properties.Role),
    );
    for (const [id, p] of resourcesOf(s.statelessJson, 'AWS::IAM::Policy')) {
      if (!exports.some((e) => JSON.stringify(p.Properties.PolicyDocument).includes(e))) continue;
      for (const r of p.Properties.Roles as unknown[])
        expect([id, evidenceRoles.includes(refId(r))]).toEqual([id, true]);
    }
  });

  it('keeps the grants on the roles: the bucket policy allows nobody anything', () => {
    const s = app();
    const policies = resourcesOf(s.statefulJson, 'AWS::S3::BucketPolicy').filter(
      ([, p]) => refId(p.Properties.Bucket) === evidenceId(),
    );
    expect(policies).toHaveLength(1);
    const statements = policies[0]![1].Properties.PolicyDocument.Statement as Json[];
    expect(statements.filter((st) => st.Effect === 'Allow')).toEqual([]);
  });

  it("lets the browser PUT and GET from the console's origin only, and exposes ETag", () => {
    const s = app();
    const bucket = s.statefulJson.Resources[evidenceId()].Properties;
    const rules = bucket.CorsConfiguration.CorsRules as Json[];
    expect(rules).toHaveLength(1);
    const [rule] = rules as [Json];
    expect(rule.AllowedOrigins).toEqual([
      {
        'Fn::Join': [
          '',
          ['https://', { 'Fn::GetAtt': [idOf(s, s.stateful.consoleHosting!.distribution), 'DomainName'] }],
        ],
      },
    ]);
    expect(s.stateful.resolve(s.stateful.consoleHosting!.origin)).toEqual(rule.AllowedOrigins[0]);
    expect([...rule.AllowedMethods].sort()).toEqual(['GET', 'PUT']);
    expect(rule.AllowedHeaders).toEqual(['content-type']);
    expect(rule.ExposedHeaders).toEqual(['ETag']);
    expect(rule.MaxAge).toBe(EVIDENCE_CORS.maxAge);
    expect(rule.MaxAge).toBeGreaterThan(0);
    expect(JSON.stringify(rule)).not.toMatch(/localhost|"\*"/);
  });

  it('aborts incomplete multipart uploads', () => {
    const s = app();
    const rules = s.statefulJson.Resources[evidenceId()].Properties.LifecycleConfiguration.Rules as Json[];
    expect(rules).toContainEqual(
      expect.objectContaining({
        Status: 'Enabled',
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
      }),
    );
  });

  it("deletes a resident's photo that no submission claimed after a day, every version of it", () => {
    const s = app();
    const rules = s.statefulJson.Resources[evidenceId()].Properties.LifecycleConfiguration.Rules as Json[];
    expect(rules).toContainEqual(
      expect.objectContaining({
        Status: 'Enabled',
        TagFilters: [{ Key: 'zf-upload', Value: 'pending' }],
        ExpirationInDays: 1,
        NoncurrentVersionExpiration: { NoncurrentDays: 1 },
      }),
    );
  });
});

describe.each(apps)('the sealing key, in %s', (_label, app, ms) => {
  const keyId = () => idOf(app(), app().stateful.sealingKey.key);
  const keyPolicy = () => app().statefulJson.Resources[keyId()].Properties.KeyPolicy.Statement as Json[];
  /** The principal tag the key policy asks for, as [tag key, value]. */
  const requiredTag = (): [string, string] => {
    const conditioned = keyPolicy().filter((st) => st.Condition);
    expect(conditioned).toHaveLength(1);
    const entries = Object.entries(conditioned[0]!.Condition.StringEquals as Record<string, string>);
    expect(entries).toHaveLength(1);
    const [[key, value]] = entries as [[string, string]];
    expect(key.startsWith('aws:PrincipalTag/')).toBe(true);
    return [key.slice('aws:PrincipalTag/'.length), value];
  };
  const roleTags = (f: Json) =>
    (app().statelessJson.Resources[refId(f.Properties.Role)].Properties.Tags ?? []) as {
      Key: string;
      Value: string;
    }[];

  it('is one customer-managed key with rotation on, aliased alias/zuofeng-<stage>-sealing', () => {
    const s = app();
    const keys = resourcesOf(s.statefulJson, 'AWS::KMS::Key');
    expect(keys.map(([id]) => id)).toEqual([keyId()]);
    const [[, key]] = keys as [[string, Json]];
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(key.Properties.KeySpec ?? 'SYMMETRIC_DEFAULT').toBe('SYMMETRIC_DEFAULT');
    const aliases = resourcesOf(s.statefulJson, 'AWS::KMS::Alias');
    expect(aliases).toHaveLength(1);
    expect(aliases[0]![1].Properties).toEqual({
      AliasName: 'alias/zuofeng-dev-sealing',
      TargetKeyId: { 'Fn::GetAtt': [keyId(), 'Arn'] },
    });
    // Dev: deleted with the stack, after a pending window in which it can still be recovered.
    expect(key.DeletionPolicy).toBe('Delete');
    expect(key.Properties.PendingWindowInDays).toBeGreaterThanOrEqual(7);
  });

  it('has a key policy that lets the account administer it and only the tagged roles seal and unseal', () => {
    const [tagKey, tagValue] = requiredTag();
    expect([tagKey, tagValue]).toEqual([TAG.sealing, 'dev']);
    const statements = keyPolicy();
    for (const st of statements) {
      expect(st.Effect).toBe('Allow');
      expect(st.NotPrincipal).toBeUndefined();
      expect(st.NotAction).toBeUndefined();
      // The account itself (delegating to IAM), never a wildcard principal.
      const principal = JSON.stringify(st.Principal);
      expect(principal).toContain(':root');
      expect(principal).toContain('AWS::AccountId');
      const actions = actionsOf(st);
      const uses = (action: string) => actions.some((p) => covers(p, action));
      // Nobody gets these, conditioned or not: they would re-wrap or hand out the key's material.
      for (const never of [
        'kms:ReEncryptFrom',
        'kms:ReEncryptTo',
        'kms:GenerateDataKey',
        'kms:CreateGrant',
      ]) {
        expect([st.Sid, never, uses(never)]).toEqual([st.Sid, never, false]);
      }
      if (uses('kms:Decrypt') || uses('kms:Encrypt')) {
        expect(actions.sort()).toEqual(['kms:Decrypt', 'kms:Encrypt']);
        expect(st.Condition).toEqual({ StringEquals: { [`aws:PrincipalTag/${tagKey}`]: tagValue } });
      } else {
        expect(st.Condition).toBeUndefined();
      }
    }
    // The tagged roles can in fact seal: one statement allows it.
    expect(statements.filter((st) => actionsOf(st).includes('kms:Decrypt'))).toHaveLength(1);
  });

  /** The platform's functions split by whether their manifest gives them a use of the key, with that use. */
  const byUse = (s: Synthesized) => {
    const uses = sealingUses(ms);
    const fns = resourcesOf(s.statelessJson, 'AWS::Lambda::Function').filter(([, f]) => serviceOf(f));
    const useOf = ([id, f]: [string, Json]) => {
      const description = f.Properties.Description as string;
      expect([id, uses.has(description)]).toEqual([id, true]);
      return uses.get(description);
    };
    return {
      flagged: fns.filter((f) => useOf(f)).map((f) => [...f, useOf(f)!] as const),
      others: fns.filter((f) => !useOf(f)),
    };
  };

  it('gives each function with a use of the key SEALING_KEY_ID, the KMS actions of that use alone, and the tag', () => {
    const s = app();
    const { flagged } = byUse(s);
    if (ms === WITH_PROBES) {
      // The probes' seal-only HTTP function and open-only schedule are among them, each with its own use.
      expect(flagged.map(([, f, use]) => [f.Properties.Description, use])).toEqual(
        expect.arrayContaining([
          ['probe-seal-only HTTP API', 'seal'],
          ['probe-seal-only schedule probe-seal-only-sweep', 'open'],
          ['probe-sealing HTTP API', 'seal-and-open'],
        ]),
      );
    }
    expect(flagged.length).toBeGreaterThanOrEqual(2);
    const [tagKey, tagValue] = requiredTag();
    for (const [id, f, use] of flagged) {
      const env = f.Properties.Environment.Variables;
      expect([id, importedValue(s.statefulJson, env.SEALING_KEY_ID)]).toEqual([
        id,
        { 'Fn::GetAtt': [keyId(), 'Arn'] },
      ]);
      const kmsStatements = statementsOf(s, f).filter((st) =>
        actionsOf(st).some((a) => a.startsWith('kms:')),
      );
      expect([id, kmsStatements.length]).toEqual([id, 1]);
      const [st] = kmsStatements as [Json];
      expect(st.Effect).toBe('Allow');
      expect([id, actionsOf(st).sort()]).toEqual([id, [...SEALING_USE_ACTIONS[use]].sort()]);
      expect(asArray(st.Resource).map((r) => importedValue(s.statefulJson, r))).toEqual([
        { 'Fn::GetAtt': [keyId(), 'Arn'] },
      ]);
      expect(roleTags(f)).toContainEqual({ Key: tagKey, Value: tagValue });
    }
  });

  it('lets no function that serves a public route open a sealed value', () => {
    const s = app();
    const publicEntries = new Set(
      ms.flatMap((m) =>
        httpFunctions(m)
          .filter((h) => h.routes.some((r) => r.auth === 'public'))
          .map((h) => (h.name ? `${m.name} HTTP API (${h.name})` : `${m.name} HTTP API`)),
      ),
    );
    // The residents' form is among them, and it seals their numbers.
    expect(publicEntries.has('feedback HTTP API')).toBe(true);
    const fns = resourcesOf(s.statelessJson, 'AWS::Lambda::Function').filter(([, f]) =>
      publicEntries.has(f.Properties.Description),
    );
    expect(fns.length).toBe(publicEntries.size);
    for (const [id, f] of fns) {
      const kmsActions = statementsOf(s, f)
        .flatMap(actionsOf)
        .filter((a) => a.startsWith('kms:'));
      expect([id, kmsActions.filter((a) => covers(a, 'kms:Decrypt'))]).toEqual([id, []]);
    }
    const feedback = fns.find(([, f]) => f.Properties.Description === 'feedback HTTP API')!;
    expect(statementsOf(s, feedback[1]).flatMap(actionsOf)).toContain('kms:Encrypt');
  });

  it('gives the other functions no variable, no kms permission and not the tag', () => {
    const s = app();
    const { others, flagged } = byUse(s);
    expect(others.length).toBeGreaterThan(0);
    // The feedback service's print function and its consumers are among them.
    expect(others.map(([, f]) => f.Properties.Description)).toEqual(
      expect.arrayContaining(['feedback HTTP API (print)', 'feedback consumer feedback-audit']),
    );
    const [tagKey] = requiredTag();
    for (const [id, f] of others) {
      expect([id, f.Properties.Environment.Variables.SEALING_KEY_ID]).toEqual([id, undefined]);
      const kmsActions = statementsOf(s, f)
        .flatMap(actionsOf)
        .filter((a) => a.startsWith('kms:'));
      expect([id, kmsActions]).toEqual([id, []]);
      expect([id, roleTags(f).filter((t) => t.Key === tagKey)]).toEqual([id, []]);
    }
    // No other role of the stack names the key either.
    const keyExports = Object.values(s.statefulJson.Outputs as Record<string, Json>)
      .filter((o) => JSON.stringify(o.Value) === JSON.stringify({ 'Fn::GetAtt': [keyId(), 'Arn'] }))
      .map((o) => o.Export?.Name as string)
      .filter(Boolean);
    const sealingRoles = flagged.map(([, f]) => refId(f.Properties.Role));
    for (const [id, p] of resourcesOf(s.statelessJson, 'AWS::IAM::Policy')) {
      const doc = JSON.stringify(p.Properties.PolicyDocument);
      if (!doc.includes('kms:') && !keyExports.some((e) => doc.includes(e))) continue;
      for (const r of p.Properties.Roles as unknown[])
        expect([id, sealingRoles.includes(refId(r))]).toEqual([id, true]);
    }
    for (const [id, r] of resourcesOf(s.statelessJson, 'AWS::IAM::Role')) {
      if (sealingRoles.includes(id)) continue;
      const tags = (r.Properties.Tags ?? []) as { Key: string }[];
      expect([id, tags.filter((t) => t.Key === tagKey)]).toEqual([id, []]);
    }
  });
});

describe('the sealing key in prod', () => {
  it('is retained with the stack, with the longest pending window, under the prod alias', () => {
    const keys = resourcesOf(prod.statefulJson, 'AWS::KMS::Key');
    expect(keys).toHaveLength(1);
    const [[, key]] = keys as [[string, Json]];
    expect(key.DeletionPolicy).toBe('Retain');
    expect(key.UpdateReplacePolicy).toBe('Retain');
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(key.Properties.PendingWindowInDays).toBe(30);
    const [[, alias]] = resourcesOf(prod.statefulJson, 'AWS::KMS::Alias') as [[string, Json]];
    expect(alias.Properties.AliasName).toBe('alias/zuofeng-prod-sealing');
    const policy = JSON.stringify(key.Properties.KeyPolicy);
    expect(policy).toContain(`"aws:PrincipalTag/${TAG.sealing}":"prod"`);
  });
});

describe('cdk-nag, with both flags in use', () => {
  it('finds nothing unacknowledged, and the evidence wildcard is acknowledged on the evidence roles alone', () => {
    const { app, stateless } = probed;
    const report = new AwsSolutionsChecks().validateScope(app);
    expect(
      report.violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} @ ${r.constructPath}`)),
    ).toEqual([]);
    const evidenceAck = `AwsSolutions-IAM5[Resource::${probed.stateful.evidenceBucketExports.arn}/evidence/*]`;
    const acknowledgedOn = stateless.node
      .findAll()
      .filter((c) =>
        c.node.metadata.some((m) => Object.keys(m.data as object).some((k) => k.endsWith(evidenceAck))),
      )
      .map((c) => c.node.path);
    const evidenceServices = WITH_PROBES.filter((m) => m.evidence === 'readwrite');
    expect(acknowledgedOn).toHaveLength(functionCount(evidenceServices));
    for (const p of acknowledgedOn) {
      expect([
        p,
        evidenceServices.some((m) => p.startsWith(`${stateless.stackName}/Service${pascal(m.name)}/`)),
      ]).toEqual([p, true]);
      expect(p).toMatch(/\/Role$/);
    }
  });
});

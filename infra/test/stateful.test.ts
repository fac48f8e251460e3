import { tableDefinition } from '@zuofeng/ddb';
import type { Subscription } from '@zuofeng/messaging';
import { App, type CfnElement, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import type { IConstruct } from 'constructs';
import { allSchedules, allSubscriptions } from '../../services/registry';
import { CONSOLE_CSP, consoleCsp } from '../src/console';
import { DLQ_RETENTION, SubscriptionChannel } from '../src/queues';
import { asArray, type Json, refId, resourcesOf, type Synthesized, synth } from './synth';

let dev: Synthesized;
let prod: Synthesized;

beforeAll(() => {
  dev = synth({ stage: 'dev' });
  prod = synth({ stage: 'prod' });
}, 120_000);

/** The logical id of a construct of dev's stateful stack. */
const idOf = (construct: IConstruct) =>
  dev.stateful.resolve(dev.stateful.getLogicalId(construct.node.defaultChild as CfnElement)) as string;

const tableOf = (s: Synthesized) => {
  const tables = resourcesOf(s.statefulJson, 'AWS::DynamoDB::Table');
  expect(tables).toHaveLength(1);
  return tables[0]![1];
};

describe('the table', () => {
  it('is built from the shared definition: keys, GSI, on-demand, PITR, NEW_IMAGE stream, TTL', () => {
    const d = tableDefinition;
    dev.statefulTemplate.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: d.partitionKey, KeyType: 'HASH' },
        { AttributeName: d.sortKey, KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      GlobalSecondaryIndexes: d.globalSecondaryIndexes.map((g) =>
        Match.objectLike({
          IndexName: g.indexName,
          KeySchema: [
            { AttributeName: g.partitionKey, KeyType: 'HASH' },
            { AttributeName: g.sortKey, KeyType: 'RANGE' },
          ],
        }),
      ),
    });
    expect(d.timeToLiveAttribute).toBe('expiresAt');
  });

  it('is retained and deletion-protected in prod', () => {
    const t = tableOf(prod);
    expect(t.DeletionPolicy).toBe('Retain');
    expect(t.UpdateReplacePolicy).toBe('Retain');
    expect(t.Properties.DeletionProtectionEnabled).toBe(true);
    expect(prod.stateful.terminationProtection).toBe(true);
  });

  it('is destroyed with the stack in dev', () => {
    const t = tableOf(dev);
    expect(t.DeletionPolicy).toBe('Delete');
    expect(t.Properties.DeletionProtectionEnabled).toBe(false);
    expect(dev.stateful.terminationProtection).toBe(false);
  });

  it('keeps everything else that holds data in prod too', () => {
    for (const type of [
      'AWS::S3::Bucket',
      'AWS::SQS::Queue',
      'AWS::SecretsManager::Secret',
      'AWS::Cognito::UserPool',
      'AWS::KMS::Key',
    ]) {
      expect([type, resourcesOf(prod.statefulJson, type).length > 0]).toEqual([type, true]);
      for (const [id, r] of resourcesOf(prod.statefulJson, type)) {
        expect([id, r.DeletionPolicy]).toEqual([id, 'Retain']);
      }
      for (const [id, r] of resourcesOf(dev.statefulJson, type)) {
        expect([id, r.DeletionPolicy]).toEqual([id, 'Delete']);
      }
    }
  });
});

describe('dead-letter queues', () => {
  const dlqs = (s: Synthesized) =>
    resourcesOf(s.statefulJson, 'AWS::SQS::Queue').filter(([, q]) =>
      (q.Properties.Tags as { Key: string; Value: string }[]).some((t) => t.Key === 'zuofeng:dlq'),
    );

  it('exist for every subscription, the pipe and every schedule, each with an output', () => {
    const consumers = dlqs(dev).map(
      ([, q]) =>
        (q.Properties.Tags as { Key: string; Value: string }[]).find((t) => t.Key === 'zuofeng:consumer')
          ?.Value,
    );
    expect(consumers.sort()).toEqual(
      [...allSubscriptions().map((s) => s.name), 'outbox-pipe', ...allSchedules().map((s) => s.name)].sort(),
    );
    for (const [id] of dlqs(dev)) {
      const output = Object.entries(dev.statefulJson.Outputs as Record<string, { Value: unknown }>).find(
        ([name, o]) => name.startsWith('DlqUrl') && refId(o.Value) === id,
      );
      expect(output).toBeDefined();
    }
  });

  it('are tagged for the DLQ tool, encrypted, keep messages 14 days and refuse plain HTTP', () => {
    for (const [id, q] of dlqs(dev)) {
      expect(q.Properties).toMatchObject({
        MessageRetentionPeriod: DLQ_RETENTION.toSeconds(),
        SqsManagedSseEnabled: true,
      });
      expect(q.Properties.Tags).toEqual(
        expect.arrayContaining([
          { Key: 'zuofeng:dlq', Value: 'true' },
          { Key: 'zuofeng:stage', Value: 'dev' },
        ]),
      );
      dev.statefulTemplate.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: id }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
    expect(
      dlqs(prod).every(([, q]) => q.Properties.Tags.some((t: { Value: string }) => t.Value === 'prod')),
    ).toBe(true);
  });

  it('refuse a subscription that would dead-letter after fewer than five receives', () => {
    const stack = new Stack(new App(), 'Probe');
    const sub = { ...allSubscriptions()[0]!, maxReceiveCount: 3 } satisfies Subscription;
    expect(
      () =>
        new SubscriptionChannel(stack, 'Channel', {
          subscription: sub,
          bus: new events.EventBus(stack, 'Bus'),
          removalPolicy: RemovalPolicy.DESTROY,
        }),
    ).toThrow(/below 5/);
  });
});

describe('the evidence bucket', () => {
  it('blocks public access, requires TLS, is encrypted and logs access to the log bucket', () => {
    const evidenceId = idOf(dev.stateful.evidenceBucket);
    const bucket = dev.statefulJson.Resources[evidenceId];
    expect(bucket.Properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: expect.anything() }],
      },
    });
    const logBucketId = refId(bucket.Properties.LoggingConfiguration.DestinationBucketName);
    expect(logBucketId).not.toBe(evidenceId);
    for (const id of [evidenceId, logBucketId]) {
      dev.statefulTemplate.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: id },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
  });
});

describe('identity', () => {
  it('without an OIDC issuer, a Cognito pool with MFA whose client cannot write the tenant', () => {
    dev.statefulTemplate.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    });
    const clients = resourcesOf(dev.statefulJson, 'AWS::Cognito::UserPoolClient');
    expect(clients).toHaveLength(1);
    const client = clients[0]![1];
    expect(client.Properties.ReadAttributes).toContain('custom:tenantId');
    expect(client.Properties.WriteAttributes).not.toContain('custom:tenantId');
    expect(dev.stateful.jwt.audience).toBe(dev.stateful.userPoolClient!.userPoolClientId);
  });

  it('has one group per role', () => {
    const groups = resourcesOf(dev.statefulJson, 'AWS::Cognito::UserPoolGroup').map(([, g]) => {
      expect(refId(g.Properties.UserPoolId)).toBe(idOf(dev.stateful.userPool!));
      return g.Properties.GroupName as string;
    });
    expect(groups.sort()).toEqual(
      ['county_admin', 'township_admin', 'discipline_office', 'inspection_office', 'leader', 'cadre'].sort(),
    );
  });

  it('keeps the tenant in custom:tenantId, which administrators may change and no client lets users write', () => {
    const [[, pool]] = resourcesOf(dev.statefulJson, 'AWS::Cognito::UserPool') as [[string, Json]];
    expect(pool.Properties.Schema).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Name: 'tenantId', AttributeDataType: 'String', Mutable: true }),
      ]),
    );
    for (const [, c] of resourcesOf(dev.statefulJson, 'AWS::Cognito::UserPoolClient')) {
      expect(c.Properties.WriteAttributes).toBeDefined();
      expect(c.Properties.WriteAttributes).not.toContain('custom:tenantId');
    }
  });

  it('the console client: a public client with the code grant only, returning only to the console', () => {
    const [[, client]] = resourcesOf(dev.statefulJson, 'AWS::Cognito::UserPoolClient') as [[string, Json]];
    const p = client.Properties;
    // No secret (a browser cannot keep one) and the code grant: what PKCE needs.
    expect(p.GenerateSecret).toBe(false);
    expect(p.AllowedOAuthFlows).toEqual(['code']);
    expect(p.AllowedOAuthFlowsUserPoolClient).toBe(true);
    expect([...p.AllowedOAuthScopes].sort()).toEqual(['email', 'openid', 'profile']);
    expect(p.SupportedIdentityProviders).toEqual(['COGNITO']);
    const consoleUrl = {
      'Fn::Join': [
        '',
        [
          'https://',
          { 'Fn::GetAtt': [idOf(dev.stateful.consoleHosting!.distribution), 'DomainName'] },
          '/console/',
        ],
      ],
    };
    expect(p.CallbackURLs).toEqual([consoleUrl]);
    expect(p.LogoutURLs).toEqual([consoleUrl]);
    expect(dev.statefulJson.Outputs.ConsoleUrl.Value).toEqual(consoleUrl);
  });

  it('has a hosted sign-in domain named after the stage and account', () => {
    const [[, domain]] = resourcesOf(dev.statefulJson, 'AWS::Cognito::UserPoolDomain') as [[string, Json]];
    expect(refId(domain.Properties.UserPoolId)).toBe(idOf(dev.stateful.userPool!));
    expect(domain.Properties.Domain).toEqual({
      'Fn::Join': ['', ['zuofeng-dev-', { Ref: 'AWS::AccountId' }]],
    });
  });

  it("trusts Cognito's issuer as the full https URL in the partition's domain", () => {
    expect(dev.stateful.resolve(dev.stateful.jwt.issuer)).toEqual({
      'Fn::Join': [
        '',
        [
          'https://cognito-idp.',
          { Ref: 'AWS::Region' },
          '.',
          { Ref: 'AWS::URLSuffix' },
          '/',
          { Ref: idOf(dev.stateful.userPool!) },
        ],
      ],
    });
  });

  it('generates the form-link HMAC key instead of taking it from anyone', () => {
    dev.statefulTemplate.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ PasswordLength: 64 }),
    });
  });
});

describe('staff console hosting', () => {
  const distribution = () => {
    const found = resourcesOf(dev.statefulJson, 'AWS::CloudFront::Distribution');
    expect(found).toHaveLength(1);
    return found[0]![1].Properties.DistributionConfig as Json;
  };
  const bucketId = () => idOf(dev.stateful.consoleHosting!.bucket);
  const denyPlainHttp = Match.objectLike({
    Effect: 'Deny',
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  });

  it('reads its private bucket through Origin Access Control only', () => {
    const d = distribution();
    expect(d.Origins).toHaveLength(1);
    const [origin] = d.Origins as [Json];
    expect(origin.DomainName).toEqual({ 'Fn::GetAtt': [bucketId(), 'RegionalDomainName'] });
    const oacId = refId(origin.OriginAccessControlId);
    expect(dev.statefulJson.Resources[oacId].Properties.OriginAccessControlConfig).toMatchObject({
      OriginAccessControlOriginType: 's3',
      SigningBehavior: 'always',
      SigningProtocol: 'sigv4',
    });
    expect(origin.S3OriginConfig.OriginAccessIdentity ?? '').toBe('');
    // The bucket policy lets CloudFront read, and only on behalf of this one distribution.
    const [[, policy]] = resourcesOf(dev.statefulJson, 'AWS::S3::BucketPolicy').filter(
      ([, p]) => refId(p.Properties.Bucket) === bucketId(),
    ) as [[string, Json]];
    const allows = (policy.Properties.PolicyDocument.Statement as Json[]).filter(
      (st) => st.Effect === 'Allow',
    );
    expect(allows).toHaveLength(1);
    const [allow] = allows as [Json];
    expect(allow.Principal).toEqual({ Service: 'cloudfront.amazonaws.com' });
    expect(asArray(allow.Action as string)).toEqual(['s3:GetObject']);
    expect(JSON.stringify(allow.Condition)).toContain(idOf(dev.stateful.consoleHosting!.distribution));
  });

  it('is not public: public access blocked, encrypted, TLS only, access logged to the log bucket', () => {
    const bucket = dev.statefulJson.Resources[bucketId()].Properties;
    expect(bucket).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
    expect(bucket.WebsiteConfiguration).toBeUndefined();
    expect(refId(bucket.LoggingConfiguration.DestinationBucketName)).toBe(idOf(dev.stateful.accessLogBucket));
    expect(bucket.LoggingConfiguration.LogFilePrefix).toBe('console/');
    dev.statefulTemplate.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId() },
      PolicyDocument: { Statement: Match.arrayWith([denyPlainHttp]) },
    });
    for (const [, p] of resourcesOf(dev.statefulJson, 'AWS::S3::BucketPolicy')) {
      for (const st of p.Properties.PolicyDocument.Statement as Json[]) {
        if (st.Effect === 'Allow') expect(st.Principal).not.toEqual('*');
      }
    }
  });

  it('sends plain HTTP to HTTPS, with security headers on every response', () => {
    const behavior = distribution().DefaultCacheBehavior;
    expect(behavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(behavior.AllowedMethods).toEqual(['GET', 'HEAD']);
    const headers =
      dev.statefulJson.Resources[refId(behavior.ResponseHeadersPolicyId)].Properties
        .ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    expect(headers).toMatchObject({
      StrictTransportSecurity: { AccessControlMaxAgeSec: expect.any(Number), Override: true },
      ContentTypeOptions: { Override: true },
      FrameOptions: { FrameOption: 'DENY' },
      ReferrerPolicy: { ReferrerPolicy: 'strict-origin-when-cross-origin' },
      ContentSecurityPolicy: {
        ContentSecurityPolicy: dev.stateful.resolve(
          consoleCsp([`https://*.s3.${dev.stateful.region}.${dev.stateful.urlSuffix}`]),
        ),
      },
    });
    // Evidence photos, shown through presigned GET URLs, come from S3's regional hosts: images only.
    const [, parts] = headers.ContentSecurityPolicy.ContentSecurityPolicy['Fn::Join'] as [string, unknown[]];
    expect((parts[0] as string).split('; ').at(-1)).toBe("img-src 'self' data: blob: https://*.s3.");
    expect(parts.slice(1, 4)).toEqual([{ Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }]);
    expect((parts[4] as string).startsWith('; font-src')).toBe(true);
    expect(headers.StrictTransportSecurity.AccessControlMaxAgeSec).toBeGreaterThanOrEqual(31_536_000);
    expect(CONSOLE_CSP).toContain("script-src 'self'");
    expect(CONSOLE_CSP).toContain("frame-ancestors 'none'");
  });

  it('answers every unknown path with the console (SPA), serves it at the root, and only in the allowlisted countries', () => {
    const d = distribution();
    expect(d.DefaultRootObject).toBe('console/index.html');
    expect(
      (d.CustomErrorResponses as Json[]).map((r) => [r.ErrorCode, r.ResponseCode, r.ResponsePagePath]).sort(),
    ).toEqual([
      [403, 200, '/console/index.html'],
      [404, 200, '/console/index.html'],
    ]);
    expect(d.Restrictions.GeoRestriction).toEqual({ RestrictionType: 'whitelist', Locations: ['CN'] });
    expect(d.WebACLId).toBeUndefined();
  });

  it('logs requests to a log bucket of its own that CloudFront can write and nobody else can read', () => {
    const logging = distribution().Logging;
    const logBucketId = idOf(dev.stateful.consoleHosting!.logBucket);
    expect(logging.Bucket).toEqual({ 'Fn::GetAtt': [logBucketId, 'RegionalDomainName'] });
    const logBucket = dev.statefulJson.Resources[logBucketId].Properties;
    // CloudFront delivers its logs with an ACL: the one bucket with ACLs on.
    expect(logBucket.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'ObjectWriter' }] });
    expect(logBucket.PublicAccessBlockConfiguration).toMatchObject({
      BlockPublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(logBucket.LifecycleConfiguration.Rules[0].ExpirationInDays).toBe(30);
    expect(refId(logBucket.LoggingConfiguration.DestinationBucketName)).toBe(
      idOf(dev.stateful.accessLogBucket),
    );
  });

  it('keeps its buckets in prod', () => {
    for (const [id, r] of resourcesOf(prod.statefulJson, 'AWS::S3::Bucket')) {
      expect([id, r.DeletionPolicy]).toEqual([id, 'Retain']);
    }
    const [[, prodDist]] = resourcesOf(prod.statefulJson, 'AWS::CloudFront::Distribution') as [
      [string, Json],
    ];
    expect(prodDist.Properties.DistributionConfig.Logging).toBeDefined();
  });
});

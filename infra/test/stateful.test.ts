import { tableDefinition } from '@zuofeng/ddb';
import type { Subscription } from '@zuofeng/messaging';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import { allSchedules, allSubscriptions } from '../../services/registry';
import { DLQ_RETENTION, SubscriptionChannel } from '../src/queues';
import { refId, resourcesOf, type Synthesized, synth } from './synth';

let dev: Synthesized;
let prod: Synthesized;

beforeAll(() => {
  dev = synth({ stage: 'dev' });
  prod = synth({ stage: 'prod' });
}, 120_000);

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
    ]) {
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
    const buckets = resourcesOf(dev.statefulJson, 'AWS::S3::Bucket');
    const evidence = buckets.find(([, b]) => b.Properties.LoggingConfiguration);
    expect(evidence).toBeDefined();
    const [evidenceId, bucket] = evidence!;
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

  it('generates the form-link HMAC key instead of taking it from anyone', () => {
    dev.statefulTemplate.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ PasswordLength: 64 }),
    });
  });
});

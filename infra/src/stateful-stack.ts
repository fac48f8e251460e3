import { Role } from '@zuofeng/core';
import { tableDefinition } from '@zuofeng/ddb';
import { PENDING_TAG } from '@zuofeng/evidence';
import type { ScheduleDef } from '@zuofeng/manifest';
import type { Subscription } from '@zuofeng/messaging';
import { Aws, CfnOutput, Duration, type RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { type ConsoleConfig, type OidcConfig, type Stage, stagePolicy } from './config';
import { ConsoleHosting } from './console';
import { acknowledge } from './nag';
import { DeadLetterQueue, pascal, SubscriptionChannel } from './queues';
import { SealingKey } from './sealing';

/**
 * CORS of the evidence bucket, for the console's origin: the browser PUTs a file to a presigned URL (sending
 * the signed Content-Type) and GETs it back. ETag is exposed so the console can tell that the upload landed.
 */
export const EVIDENCE_CORS = {
  allowedMethods: [s3.HttpMethods.PUT, s3.HttpMethods.GET],
  allowedHeaders: ['content-type'],
  exposedHeaders: ['ETag'],
  maxAge: Duration.hours(1).toSeconds(),
} satisfies Omit<s3.CorsRule, 'allowedOrigins'>;

/** A resident's photo that no submission claimed is deleted after this long. */
export const UNCLAIMED_UPLOADS_EXPIRE_AFTER = Duration.days(1);

/** An upload the browser started but never finished is dropped after this long. */
export const ABORT_INCOMPLETE_UPLOADS_AFTER = Duration.days(1);

export interface StatefulStackProps extends StackProps {
  readonly stage: Stage;
  /** An external OIDC issuer. Absent, a minimal Cognito user pool is created and used. */
  readonly oidc?: OidcConfig;
  /** The consumers whose queues live here (from the service manifests). */
  readonly subscriptions: readonly Subscription[];
  /** The schedules whose DLQs live here (from the service manifests). */
  readonly schedules: readonly ScheduleDef[];
  /** Host the staff console (bucket + CloudFront). Absent: no console hosting. */
  readonly consoleHosting?: ConsoleConfig;
}

/** How the HTTP API's JWT authorizer checks a token, and how the console signs in. */
export interface JwtSettings {
  /** The issuer URL, exactly as the tokens' `iss` claim carries it. */
  readonly issuer: string;
  /** The client id tokens are issued to: the console's OAuth client. */
  readonly audience: string;
  readonly tenantClaim?: string;
  readonly groupsClaim?: string;
}

/**
 * Everything that holds data or messages: the table, the bus, the queues and their DLQs, the evidence bucket,
 * the form-link secret and (without an external OIDC issuer) the user pool. Kept apart from the functions so
 * that the stateless stack can be torn down and redeployed freely; what is kept in prod is RETAINed.
 */
export class StatefulStack extends Stack {
  readonly stage: Stage;
  readonly table: dynamodb.Table;
  readonly bus: events.EventBus;
  /** Queue, DLQ and rule per subscription, by subscription name. */
  readonly channels: ReadonlyMap<string, SubscriptionChannel>;
  /** Where the Pipe puts stream batches that it could not deliver to the bus. */
  readonly pipeDlq: DeadLetterQueue;
  /** Per schedule, by name: invocations that the scheduler or the function finally failed. */
  readonly scheduleDlqs: ReadonlyMap<string, DeadLetterQueue>;
  readonly evidenceBucket: s3.Bucket;
  /**
   * The exports that carry the evidence bucket's ARN and name to the stateless stack. Named here rather than
   * left to CDK, so that the functions' acknowledged wildcard (`<export>/evidence/*`) does not depend on a hash.
   */
  readonly evidenceBucketExports: { readonly arn: string; readonly name: string };
  /** Seals reporters' identities and residents' phone numbers (services with `sealing`). */
  readonly sealingKey: SealingKey;
  readonly accessLogBucket: s3.Bucket;
  /** HMAC key that signs residents' form links. */
  readonly formLinkSecret: secretsmanager.Secret;
  readonly userPool?: cognito.UserPool;
  /** The staff console's client: SRP, and with console hosting the authorization code grant (PKCE). */
  readonly userPoolClient?: cognito.UserPoolClient;
  /** The hosted sign-in pages the console's code grant goes through (Cognito and console hosting only). */
  readonly userPoolDomain?: cognito.UserPoolDomain;
  readonly jwt: JwtSettings;
  readonly consoleHosting?: ConsoleHosting;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    const {
      stage: _stage,
      oidc: _oidc,
      subscriptions: _subs,
      schedules: _schedules,
      consoleHosting: _console,
      ...stackProps
    } = props;
    super(scope, id, { terminationProtection: props.stage === 'prod', ...stackProps });
    this.stage = props.stage;
    const policy = stagePolicy(props.stage);
    const removalPolicy = policy.removalPolicy;

    // The one table, from the same definition that the local runtime creates on DynamoDB Local.
    const d = tableDefinition;
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: d.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: d.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      stream: dynamodb.StreamViewType[d.streamViewType],
      timeToLiveAttribute: d.timeToLiveAttribute,
      deletionProtection: policy.deletionProtection,
      removalPolicy,
    });
    for (const g of d.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: g.indexName,
        partitionKey: { name: g.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: g.sortKey, type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }

    this.bus = new events.EventBus(this, 'Bus', { eventBusName: `zuofeng-${props.stage}` });
    // Every event is kept for a while, so a consumer fixed after a bad deploy can be replayed its events.
    this.bus.archive('Archive', {
      description: `Replay source for the zuofeng-${props.stage} bus`,
      eventPattern: { account: [Stack.of(this).account] },
      retention: policy.archiveRetention,
    });

    const channels = new Map<string, SubscriptionChannel>();
    for (const sub of props.subscriptions) {
      if (channels.has(sub.name)) throw new Error(`subscription name ${sub.name} is used twice`);
      channels.set(
        sub.name,
        new SubscriptionChannel(this, `Channel${pascal(sub.name)}`, {
          subscription: sub,
          bus: this.bus,
          removalPolicy,
        }),
      );
    }
    this.channels = channels;

    this.pipeDlq = new DeadLetterQueue(this, 'PipeDlq', { consumer: 'outbox-pipe', removalPolicy });
    acknowledge(
      this.pipeDlq.queue,
      'AwsSolutions-SQS3',
      'This queue is itself the dead-letter queue of the outbox Pipe; a DLQ of a DLQ would only move the problem.',
    );

    const scheduleDlqs = new Map<string, DeadLetterQueue>();
    for (const s of props.schedules) {
      if (scheduleDlqs.has(s.name)) throw new Error(`schedule name ${s.name} is used twice`);
      const dlq = new DeadLetterQueue(this, `ScheduleDlq${pascal(s.name)}`, {
        consumer: s.name,
        outputPrefix: 'Schedule',
        removalPolicy,
      });
      acknowledge(
        dlq.queue,
        'AwsSolutions-SQS3',
        `This queue is itself the dead-letter queue of schedule ${s.name} (scheduler and async-invoke failures).`,
      );
      scheduleDlqs.set(s.name, dlq);
    }
    this.scheduleDlqs = scheduleDlqs;

    // Server access logs of the evidence and console buckets. S3 writes them with SSE-S3 only (not KMS).
    this.accessLogBucket = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: props.stage === 'prod' ? Duration.days(400) : Duration.days(30) }],
      removalPolicy,
    });
    // Photos and documents attached to problems and feedback; reached only through presigned URLs, which the
    // functions of the services with `evidence` sign (uploads capped at 10 MB by the signed content length).
    this.evidenceBucket = new s3.Bucket(this, 'Evidence', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      serverAccessLogsBucket: this.accessLogBucket,
      serverAccessLogsPrefix: 'evidence/',
      lifecycleRules: [
        { id: 'AbortIncompleteUploads', abortIncompleteMultipartUploadAfter: ABORT_INCOMPLETE_UPLOADS_AFTER },
        {
          // A resident's photo that no submission claimed (the form was abandoned): gone after a day, every
          // version of it. A claimed photo loses the tag (services/feedback, on feedback.submitted).
          id: 'UnclaimedPublicUploads',
          tagFilters: { [PENDING_TAG.key]: PENDING_TAG.pending },
          expiration: UNCLAIMED_UPLOADS_EXPIRE_AFTER,
          noncurrentVersionExpiration: UNCLAIMED_UPLOADS_EXPIRE_AFTER,
        },
      ],
      removalPolicy,
    });
    this.evidenceBucketExports = {
      arn: `${this.stackName}:EvidenceBucketArn`,
      name: `${this.stackName}:EvidenceBucketName`,
    };

    // Always made, whichever services seal today: what was sealed with it stays in the table.
    this.sealingKey = new SealingKey(this, 'Sealing', {
      stage: props.stage,
      removalPolicy,
      pendingWindow: props.stage === 'prod' ? Duration.days(30) : Duration.days(7),
    });

    this.formLinkSecret = new secretsmanager.Secret(this, 'FormLinkSecret', {
      description: 'HMAC key that signs the form links residents open (zuofeng feedback service)',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy,
    });
    acknowledge(
      this.formLinkSecret,
      'AwsSolutions-SMG4',
      'Rotating this HMAC key invalidates every printed form link and QR code; it is rotated by hand with a new print run, and the service rereads it every five minutes.',
    );

    if (props.consoleHosting) {
      this.consoleHosting = new ConsoleHosting(this, 'Console', {
        accessLogBucket: this.accessLogBucket,
        removalPolicy,
        logExpiration: props.stage === 'prod' ? Duration.days(400) : Duration.days(30),
        geoAllowlist: props.consoleHosting.geoAllowlist,
        webAclArn: props.consoleHosting.webAclArn,
        // The console shows evidence photos through presigned GET URLs on the bucket's regional host
        // (`<bucket>.s3.<region>.<URL suffix>`). The host is matched by wildcard, not named: the bucket's CORS
        // names the distribution, so the distribution's headers cannot name the bucket (a dependency cycle).
        imageOrigins: [`https://*.s3.${this.region}.${this.urlSuffix}`],
      });
      // The console uploads and downloads evidence straight from the browser, from its own origin only.
      this.evidenceBucket.addCorsRule({ ...EVIDENCE_CORS, allowedOrigins: [this.consoleHosting.origin] });
      new CfnOutput(this, 'ConsoleUrl', {
        value: this.consoleHosting.url,
        description: 'The staff console; with an external OIDC issuer, register it there as redirect URI',
      });
    }

    if (props.oidc) {
      this.jwt = props.oidc;
    } else {
      const pool = this.createUserPool(removalPolicy, policy.deletionProtection, this.consoleHosting?.url);
      this.userPool = pool.userPool;
      this.userPoolClient = pool.client;
      // The `iss` of Cognito's tokens, built here rather than taken from the pool's ProviderURL attribute, so
      // that it is the full https URL and carries the partition's own domain suffix.
      this.jwt = {
        issuer: `https://cognito-idp.${this.region}.${this.urlSuffix}/${pool.userPool.userPoolId}`,
        audience: pool.client.userPoolClientId,
      };
      new CfnOutput(this, 'UserPoolId', { value: pool.userPool.userPoolId });
      new CfnOutput(this, 'UserPoolClientId', { value: pool.client.userPoolClientId });
      if (this.consoleHosting) {
        this.userPoolDomain = pool.userPool.addDomain('SignIn', {
          cognitoDomain: {
            // Cognito domain prefixes are unique per region across all accounts: the account id keeps ours so.
            domainPrefix:
              props.consoleHosting?.authDomainPrefix ?? `zuofeng-${props.stage}-${Aws.ACCOUNT_ID}`,
          },
        });
        new CfnOutput(this, 'SignInDomain', {
          value: this.userPoolDomain.baseUrl(),
          description: 'Cognito hosted sign-in pages of the staff console',
        });
      }
    }

    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'BusName', { value: this.bus.eventBusName });
    new CfnOutput(this, 'EvidenceBucketName', {
      value: this.evidenceBucket.bucketName,
      exportName: this.evidenceBucketExports.name,
    });
    new CfnOutput(this, 'EvidenceBucketArn', {
      value: this.evidenceBucket.bucketArn,
      exportName: this.evidenceBucketExports.arn,
      description: 'Evidence bucket (imported by the stateless stack, whose functions sign URLs for it)',
    });
    new CfnOutput(this, 'SealingKeyArn', {
      value: this.sealingKey.keyArn,
      description: `KMS key that seals identities and phone numbers (${this.sealingKey.alias.aliasName})`,
    });
  }

  /**
   * A minimal staff directory: no self sign-up, groups named after the roles, the tenant in an attribute that
   * users cannot write (the token is the only source of the tenant, so users must not be able to change it).
   */
  private createUserPool(removalPolicy: RemovalPolicy, deletionProtection: boolean, consoleUrl?: string) {
    const userPool = new cognito.UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      // `mutable` is the pool-level setting: an administrator (the tenancy service, AdminUpdateUserAttributes) may
      // move an account to another tenant. Users themselves cannot: no client lists it in its write attributes.
      customAttributes: { tenantId: new cognito.StringAttribute({ mutable: true, minLen: 1, maxLen: 64 }) },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
      },
      // Staff accounts see citizens' complaints: a second factor is required, by authenticator app (SMS is
      // not offered, so no SMS role and no SNS SMS dependency).
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.ESSENTIALS,
      deletionProtection,
      removalPolicy,
    });
    acknowledge(
      userPool,
      'AwsSolutions-COG8',
      'Plus-tier threat protection is a per-deployment cost decision; this pool has no self sign-up and requires MFA.',
    );
    for (const role of Role.options) {
      new cognito.CfnUserPoolGroup(this, `Group${pascal(role)}`, {
        userPoolId: userPool.userPoolId,
        groupName: role,
        description: `zuofeng role ${role}`,
      });
    }
    const standard = { email: true, fullname: true };
    const client = userPool.addClient('StaffConsole', {
      // A browser app keeps no secret: a public client, which Cognito lets use PKCE on the code grant.
      generateSecret: false,
      authFlows: { userSrp: true },
      // With the console hosted, the authorization code grant, returning only to the console. Without it, no
      // OAuth at all (CDK would otherwise allow the implicit grant with an example.com callback).
      ...(consoleUrl
        ? {
            oAuth: {
              flows: { authorizationCodeGrant: true },
              scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
              callbackUrls: [consoleUrl],
              logoutUrls: [consoleUrl],
            },
          }
        : { disableOAuth: true }),
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(1),
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes(standard)
        .withCustomAttributes('tenantId'),
      // custom:tenantId is deliberately not writable by the user.
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes(standard),
    });
    return { userPool, client };
  }
}

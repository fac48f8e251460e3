import * as path from 'node:path';
import { tableDefinition } from '@zuofeng/ddb';
import type { BundledFiles, SealingUse, SecretName } from '@zuofeng/manifest';
import { Duration, type RemovalPolicy, Tags } from 'aws-cdk-lib';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { REPO_ROOT } from './config';
import { acknowledge, nagRendering } from './nag';
import { SEALING_USE_ACTIONS, type SealingKeyRef } from './sealing';

/** Node.js 24 everywhere: the runtime the code is developed and tested on. */
export const RUNTIME = lambda.Runtime.NODEJS_24_X;

/**
 * What a service that manages sign-in accounts (`identityAdmin` in its manifest) may do in the user pool:
 * create, disable and enable accounts, move them between role groups, read them, and set their attributes
 * (the tenant). Nothing that deletes users, lists the directory or changes the pool itself.
 */
export const USER_POOL_ADMIN_ACTIONS = [
  'cognito-idp:AdminCreateUser',
  'cognito-idp:AdminDisableUser',
  'cognito-idp:AdminEnableUser',
  'cognito-idp:AdminAddUserToGroup',
  'cognito-idp:AdminRemoveUserFromGroup',
  'cognito-idp:AdminGetUser',
  'cognito-idp:AdminUpdateUserAttributes',
] as const;

/** Where evidence lives in its bucket: a function of a service with `evidence` may put and get only here. */
export const EVIDENCE_PREFIX = 'evidence/';
/**
 * What signing a presigned PUT and GET URL needs (the URL carries the signer's permissions), and what storing a
 * resident's photo as a pending upload and claiming it later needs (its tag: see @zuofeng/evidence).
 */
export const EVIDENCE_ACTIONS = ['s3:PutObject', 's3:GetObject', 's3:PutObjectTagging'] as const;

/** Environment variables of the evidence bucket and the sealing key. */
export const EVIDENCE_ENV = 'EVIDENCE_BUCKET';
export const SEALING_ENV = 'SEALING_KEY_ID';

/** The environment variable that carries each secret's ARN to the code. */
export const SECRET_ENV: Record<SecretName, string> = { formLink: 'FORM_LINK_SECRET_ARN' };

/**
 * esbuild's hooks that copy a manifest's `files` beside the bundle once it is built. A folder that does not
 * exist fails the bundling, with the command that makes it, rather than a function that 500s after deploy.
 */
export function copyFiles(files: readonly BundledFiles[]) {
  for (const f of files) {
    if (!/^[\w@./-]+$/.test(f.from) || !/^[\w.-]+$/.test(f.to) || f.from.includes('..'))
      throw new Error(`bundled files must be plain repository paths: ${f.from} → ${f.to}`);
  }
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    // Shell commands, run only when esbuild really bundles (CDK asks for them even when a synth skips it).
    afterBundling: (inputDir: string, outputDir: string) =>
      files.flatMap((f) => [
        `test -e "${inputDir}/${f.from}" || { echo "${f.from} does not exist: build it first (npm run build:web builds the form)" >&2; exit 1; }`,
        `cp -R "${inputDir}/${f.from}" "${outputDir}/${f.to}"`,
      ]),
  };
}

export interface ZuofengFunctionProps {
  /** Module, relative to the repository root, that exports `handler`. */
  readonly entry: string;
  /** The owning service: the Powertools service name in every log line and metric. */
  readonly service: string;
  readonly description: string;
  /** @default 15 seconds */
  readonly timeout?: Duration;
  /** @default 1024 */
  readonly memorySize?: number;
  readonly logRetention: logs.RetentionDays;
  readonly logRemovalPolicy: RemovalPolicy;
  readonly environment?: Record<string, string>;
  /** Files and folders copied beside the bundle (see `files` in the service manifest). */
  readonly files?: readonly BundledFiles[];
}

/**
 * One Lambda function of the platform, with the house defaults (Node.js 24 on arm64, esbuild without Docker,
 * its own log group and role) and bind methods that add an environment variable together with exactly the
 * grant it needs, so that a variable can never be present without its permission or the other way round.
 */
export class ZuofengFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ZuofengFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });
    // An own role instead of AWSLambdaBasicExecutionRole: that managed policy may write to every log group in
    // the account, this role only to its function's.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `zuofeng ${props.service}: ${props.description}`,
    });
    this.logGroup.grantWrite(this.role);

    this.fn = new NodejsFunction(this, 'Fn', {
      entry: path.join(REPO_ROOT, props.entry),
      handler: 'handler',
      description: props.description,
      runtime: RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.seconds(15),
      role: this.role,
      logGroup: this.logGroup,
      tracing: lambda.Tracing.ACTIVE,
      projectRoot: REPO_ROOT,
      depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
      environment: {
        POWERTOOLS_SERVICE_NAME: props.service,
        POWERTOOLS_METRICS_NAMESPACE: 'zuofeng',
        ...props.environment,
      },
      bundling: {
        forceDockerBundling: false,
        // CJS: esbuild turns the ESM-only dependencies (middy) into CommonJS, and a CJS bundle needs no
        // createRequire banner for the CJS ones. No top-level await is used, which is all ESM would add.
        format: OutputFormat.CJS,
        target: 'node24',
        mainFields: ['module', 'main'],
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        // The AWS SDK is bundled too, so the function runs the SDK versions it was tested with rather than
        // whatever the runtime ships that month.
        externalModules: [],
        logLevel: LogLevel.WARNING,
        ...(props.files?.length ? { commandHooks: copyFiles(props.files) } : {}),
      },
    });
    acknowledge(
      this.role,
      'AwsSolutions-IAM5[Resource::*]',
      'Only X-Ray active tracing uses Resource "*": xray:PutTraceSegments and xray:PutTelemetryRecords have no resource-level permissions.',
    );
  }

  /** TABLE_NAME, with read or read-write access to the table and read access to its declared indexes. */
  bindTable(table: dynamodb.ITable, access: 'read' | 'readwrite'): this {
    this.fn.addEnvironment('TABLE_NAME', table.tableName);
    if (access === 'readwrite') table.grantReadWriteData(this.fn);
    else table.grantReadData(this.fn);
    // Indexes are named one by one instead of CDK's `index/*`, so the policy names only what exists.
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: tableDefinition.globalSecondaryIndexes.map(
          (g) => `${table.tableArn}/index/${g.indexName}`,
        ),
      }),
    );
    return this;
  }

  /** USER_POOL_ID, with the account-administration actions on that one pool. */
  bindUserPool(pool: cognito.IUserPool): this {
    this.fn.addEnvironment('USER_POOL_ID', pool.userPoolId);
    pool.grant(this.fn, ...USER_POOL_ADMIN_ACTIONS);
    return this;
  }

  /**
   * EVIDENCE_BUCKET, with s3:PutObject and s3:GetObject on the bucket's `evidence/*` objects only: the function
   * signs the presigned URLs that the browser uploads to and downloads from.
   */
  bindEvidence(bucket: s3.IBucket): this {
    this.fn.addEnvironment(EVIDENCE_ENV, bucket.bucketName);
    const objects = bucket.arnForObjects(`${EVIDENCE_PREFIX}*`);
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: [...EVIDENCE_ACTIONS], resources: [objects] }),
    );
    acknowledge(
      this.role,
      `AwsSolutions-IAM5[Resource::${nagRendering(this.role, objects)}]`,
      "Evidence object keys are generated per upload at run time, so they cannot be listed; the function may only put, get and tag objects under the evidence/ prefix of this one bucket, to sign the presigned URLs the browser uses and to store and claim residents' photos.",
    );
    return this;
  }

  /**
   * SEALING_KEY_ID (the key's ARN), with the KMS actions of `use` on that key only (Encrypt to seal, Decrypt to
   * open), and the principal tag without which the key's policy refuses both.
   */
  bindSealingKey(key: SealingKeyRef, use: SealingUse): this {
    this.fn.addEnvironment(SEALING_ENV, key.keyArn);
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: [...SEALING_USE_ACTIONS[use]], resources: [key.keyArn] }),
    );
    Tags.of(this.role).add(key.principalTag.key, key.principalTag.value);
    return this;
  }

  /** The secret's ARN in its environment variable, with read access to that secret only. */
  bindSecret(name: SecretName, secret: secretsmanager.ISecret): this {
    this.fn.addEnvironment(SECRET_ENV[name], secret.secretArn);
    secret.grantRead(this.fn);
    return this;
  }
}

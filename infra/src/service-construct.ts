import type { RouteDef } from '@zuofeng/http';
import {
  type BundledFiles,
  httpFunctions,
  type SealingUse,
  type SecretName,
  type ServiceManifest,
  sealingOf,
  TIME_ZONE,
} from '@zuofeng/manifest';
import { subscriptionDefaults } from '@zuofeng/messaging';
import { Duration, Stack } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { StagePolicy } from './config';
import { acknowledge } from './nag';
import type { DeadLetterQueue, SubscriptionChannel } from './queues';
import { pascal } from './queues';
import { schedulerCron } from './schedule-expression';
import type { SealingKeyRef } from './sealing';
import { ZuofengFunction } from './zuofeng-function';

/** How long a schedule's function may run: sweeps and snapshots walk every tenant. */
export const SCHEDULE_FUNCTION_TIMEOUT = Duration.minutes(5);

/** The shared resources a service is wired to. */
export interface ServiceWiring {
  readonly table: dynamodb.ITable;
  readonly secrets: Readonly<Record<SecretName, secretsmanager.ISecret>>;
  readonly channels: ReadonlyMap<string, SubscriptionChannel>;
  readonly scheduleDlqs: ReadonlyMap<string, DeadLetterQueue>;
  readonly httpApi: apigwv2.HttpApi;
  readonly staffAuthorizer: apigwv2.IHttpRouteAuthorizer;
  /** Extra environment for the HTTP function (the OIDC claim names). */
  readonly httpEnvironment: Readonly<Record<string, string>>;
  /** The Cognito user pool; absent when an external OIDC issuer keeps the accounts. */
  readonly userPool?: cognito.IUserPool;
  /** The evidence bucket, for services with `evidence`. */
  readonly evidenceBucket?: s3.IBucket;
  /** The sealing key, for services with `sealing`. */
  readonly sealingKey?: SealingKeyRef;
  readonly policy: StagePolicy;
}

export interface ServiceConstructProps extends ServiceWiring {
  readonly manifest: ServiceManifest;
}

/** A public route and the CDK route that serves it, for throttling at the stage. */
export interface PublicRoute {
  readonly def: RouteDef;
  readonly routeKey: string;
  readonly route: apigwv2.HttpRoute;
}

/** Set instead of USER_POOL_ID when the accounts live in an external OIDC issuer. */
export const EXTERNAL_DIRECTORY_ENV = { IDENTITY_DIRECTORY: 'external' } as const;

/**
 * One service, built from its manifest: its HTTP function and routes, a function per subscription fed by that
 * subscription's queue, and a function per schedule. Every function gets exactly the table access the
 * manifest declares and the secrets it lists; for a service that manages accounts (`identityAdmin`), the
 * user pool's admin actions or, with an external issuer, only the note that there is no pool to manage; for a
 * service with `evidence`, the evidence bucket's `evidence/*` objects; for one with `sealing`, the sealing key.
 */
export class ServiceConstruct extends Construct {
  readonly manifest: ServiceManifest;
  // Assigned in the constructor's loop over the HTTP functions.
  httpFunction?: ZuofengFunction;
  /** The service's further HTTP functions (`moreHttp`), by name. */
  readonly moreHttpFunctions = new Map<string, ZuofengFunction>();
  /** By subscription name. */
  readonly consumers = new Map<string, ZuofengFunction>();
  /** By schedule name. */
  readonly scheduled = new Map<
    string,
    { fn: ZuofengFunction; schedule: scheduler.CfnSchedule; role: iam.Role }
  >();
  readonly publicRoutes: PublicRoute[] = [];

  constructor(scope: Construct, id: string, props: ServiceConstructProps) {
    super(scope, id);
    const m = props.manifest;
    this.manifest = m;
    if (m.evidence && !props.evidenceBucket) throw new Error(`service ${m.name} needs the evidence bucket`);
    const usesKey = [m.sealing, ...httpFunctions(m).map((h) => h.sealing)].some(Boolean);
    if (usesKey && !props.sealingKey) throw new Error(`service ${m.name} needs the sealing key`);

    for (const h of httpFunctions(m)) {
      const id = h.name ? `Http${pascal(h.name)}` : 'Http';
      const fn = this.createFunction(
        id,
        h.entry,
        h.name ? `${m.name} HTTP API (${h.name})` : `${m.name} HTTP API`,
        {
          environment: props.httpEnvironment,
          ...(h.files ? { files: h.files } : {}),
          sealing: sealingOf(m, h),
        },
        props,
      );
      if (h.name) this.moreHttpFunctions.set(h.name, fn);
      else this.httpFunction = fn;
      const integration = new HttpLambdaIntegration(
        h.name ? `Integration${pascal(h.name)}` : 'Integration',
        fn.fn,
      );
      for (const def of h.routes) {
        const [route] = props.httpApi.addRoutes({
          path: def.path,
          methods: [apigwv2.HttpMethod[def.method]],
          integration,
          authorizer: def.auth === 'staff' ? props.staffAuthorizer : undefined,
        });
        if (!route) throw new Error(`no route was created for ${def.method} ${def.path}`);
        if (def.auth === 'public') {
          acknowledge(
            route,
            'AwsSolutions-APIG4',
            `${def.method} ${def.path} is public by design (residents' form link, health or API docs): it is throttled per route and its handler checks its own input or signature.`,
          );
          this.publicRoutes.push({ def, routeKey: `${def.method} ${def.path}`, route });
        }
      }
    }

    for (const sub of m.subscriptions) {
      const channel = props.channels.get(sub.name);
      if (!channel) throw new Error(`subscription ${sub.name} has no queue in the stateful stack`);
      const timeoutSeconds = sub.timeoutSeconds ?? subscriptionDefaults.timeoutSeconds;
      const fn = this.createFunction(
        `Consumer${pascal(sub.name)}`,
        sub.entry,
        `${m.name} consumer ${sub.name}`,
        { timeout: Duration.seconds(timeoutSeconds), sealing: sealingOf(m) },
        props,
      );
      fn.fn.addEventSource(
        new SqsEventSource(channel.queue, {
          batchSize: sub.batchSize ?? subscriptionDefaults.batchSize,
          // One poison message fails alone; the rest of the batch is deleted.
          reportBatchItemFailures: true,
        }),
      );
      this.consumers.set(sub.name, fn);
    }

    for (const s of m.schedules) {
      const dlq = props.scheduleDlqs.get(s.name);
      if (!dlq) throw new Error(`schedule ${s.name} has no DLQ in the stateful stack`);
      const id = `Schedule${pascal(s.name)}`;
      const fn = this.createFunction(
        id,
        s.entry,
        `${m.name} schedule ${s.name}`,
        { timeout: SCHEDULE_FUNCTION_TIMEOUT, sealing: sealingOf(m) },
        props,
      );
      // The scheduler invokes asynchronously: a run that fails after Lambda's own retries goes to the DLQ too.
      fn.fn.configureAsyncInvoke({
        retryAttempts: 2,
        maxEventAge: Duration.hours(1),
        onFailure: new SqsDestination(dlq.queue),
      });
      const role = new iam.Role(this, `${id}Role`, {
        description: `EventBridge Scheduler: invoke ${s.name} only`,
        assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
          conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
        }),
      });
      // Spelled out rather than grantInvoke, which would also allow every version and alias (`arn:*`).
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [fn.fn.functionArn] }),
      );
      dlq.queue.grantSendMessages(role);
      const schedule = new scheduler.CfnSchedule(this, `${id}Schedule`, {
        description: s.description,
        scheduleExpression: schedulerCron(s),
        scheduleExpressionTimezone: TIME_ZONE,
        flexibleTimeWindow: { mode: 'OFF' },
        state: 'ENABLED',
        target: {
          arn: fn.fn.functionArn,
          roleArn: role.roleArn,
          input: JSON.stringify({ schedule: s.name }),
          retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 },
          deadLetterConfig: { arn: dlq.queue.queueArn },
        },
      });
      this.scheduled.set(s.name, { fn, schedule, role });
    }
  }

  /** A function of this service, bound to the table and secrets its manifest declares. */
  private createFunction(
    id: string,
    entry: string,
    description: string,
    extra: {
      timeout?: Duration;
      environment?: Readonly<Record<string, string>>;
      files?: readonly BundledFiles[];
      /** What it may do with the sealing key (the manifest's, per function), if anything. */
      sealing?: SealingUse;
    },
    props: ServiceConstructProps,
  ): ZuofengFunction {
    const fn = new ZuofengFunction(this, id, {
      entry,
      service: props.manifest.name,
      description,
      timeout: extra.timeout,
      environment: { ...extra.environment },
      ...(extra.files ? { files: extra.files } : {}),
      logRetention: props.policy.logRetention,
      logRemovalPolicy: props.policy.removalPolicy,
    });
    fn.bindTable(props.table, props.manifest.tableAccess);
    for (const name of props.manifest.secrets ?? []) fn.bindSecret(name, props.secrets[name]);
    if (props.manifest.identityAdmin) {
      if (props.userPool) fn.bindUserPool(props.userPool);
      else
        for (const [key, value] of Object.entries(EXTERNAL_DIRECTORY_ENV)) fn.fn.addEnvironment(key, value);
    }
    if (props.manifest.evidence === 'readwrite') fn.bindEvidence(props.evidenceBucket!);
    if (extra.sealing) fn.bindSealingKey(props.sealingKey!, extra.sealing);
    return fn;
  }
}

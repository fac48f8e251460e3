import { outboxStreamFilter } from '@zuofeng/ddb';
import type { RouteDef } from '@zuofeng/http';
import { httpFunctions, type ServiceManifest } from '@zuofeng/manifest';
import { CfnOutput, Duration, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as pipes from 'aws-cdk-lib/aws-pipes';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { type Stage, type StagePolicy, stagePolicy, WEB_DIST } from './config';
import { ConsoleDeployment } from './console';
import { acknowledge } from './nag';
import { pascal } from './queues';
import { type PublicRoute, ServiceConstruct } from './service-construct';
import type { StatefulStack } from './stateful-stack';

/** Stage-wide throttle: a county's staff and residents together stay far below it. */
export const DEFAULT_THROTTLE = { rateLimit: 100, burstLimit: 200 } as const;

/**
 * Throttle of an anonymous route, across all residents of the county (an HTTP API throttles per route, not
 * per client: the per-address limits are the feedback service's). Writes (a resident submitting feedback or a
 * photo) get the tightest limit, since each one creates records and events, yet loose enough that forty
 * phones of a village meeting sending within seconds, in several townships at once, are not refused; reads
 * of the form's API and the docs somewhat more; the residents' pages and scripts (`/f/…`) the most, since
 * they write nothing and a village meeting scanning the poster together opens forty pages at once, each with
 * its two scripts (a throttled script leaves the page to its plain form); the short URL the poster prints for typing (`/s/…`, a redirect to such a page) goes with them.
 */
export const publicRouteThrottle = (def: Pick<RouteDef, 'method' | 'path'>) =>
  def.method !== 'GET'
    ? { rateLimit: 20, burstLimit: 60 }
    : def.path.startsWith('/f/') || def.path.startsWith('/s/')
      ? { rateLimit: 50, burstLimit: 150 }
      : { rateLimit: 20, burstLimit: 40 };

/** The outbox Pipe's source settings: retries are finite, and what still fails lands in a DLQ. */
export const PIPE_MAX_RETRY_ATTEMPTS = 10;
export const PIPE_BATCH_SIZE = 10;

/** Request headers the console sends to the API from its own origin. */
export const CORS_ALLOW_HEADERS = ['authorization', 'content-type', 'accept-language', 'idempotency-key'];

export interface StatelessStackProps extends StackProps {
  readonly stage: Stage;
  readonly manifests: readonly ServiceManifest[];
  /** The data and messaging resources the functions are wired to. */
  readonly stateful: Pick<
    StatefulStack,
    | 'table'
    | 'bus'
    | 'channels'
    | 'pipeDlq'
    | 'scheduleDlqs'
    | 'formLinkSecret'
    | 'evidenceBucketExports'
    | 'sealingKey'
    | 'jwt'
    | 'userPool'
    | 'consoleHosting'
  >;
  /** The built staff console. @default packages/web/dist */
  readonly webDist?: string;
  /** Where residents open form links (context `publicBaseUrl`); the feedback service prints it on QR codes. */
  readonly publicBaseUrl?: string;
}

/**
 * Code and wiring: one function per service HTTP entry, subscription and schedule, the HTTP API in front of
 * them, and the Pipe that carries outbox rows from the table's stream to the bus.
 */
export class StatelessStack extends Stack {
  readonly httpApi: apigwv2.HttpApi;
  readonly httpStage: apigwv2.HttpStage;
  readonly staffAuthorizer: HttpJwtAuthorizer;
  readonly services: ReadonlyMap<string, ServiceConstruct>;
  readonly pipe: pipes.CfnPipe;
  readonly pipeRole: iam.Role;
  /** Present with console hosting. */
  readonly consoleDeployment?: ConsoleDeployment;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    const {
      stage: _stage,
      manifests: _manifests,
      stateful: _stateful,
      webDist: _webDist,
      ...stackProps
    } = props;
    super(scope, id, stackProps);
    const policy = stagePolicy(props.stage);
    const s = props.stateful;

    // Imported by ARN, so that the table grants name the table alone; ZuofengFunction.bindTable names each
    // index it may query, instead of the `index/*` a grant on the full construct would add.
    const table = dynamodb.Table.fromTableAttributes(this, 'Table', {
      tableArn: s.table.tableArn,
      tableStreamArn: s.table.tableStreamArn,
    });

    const accessLogs = new logs.LogGroup(this, 'ApiAccessLogs', {
      retention: policy.logRetention,
      removalPolicy: policy.removalPolicy,
    });
    // The console calls the API from its CloudFront origin: that origin alone, with the methods the routes use.
    const methods = [
      ...new Set(
        props.manifests.flatMap((m) => httpFunctions(m).flatMap((h) => h.routes)).map((r) => r.method),
      ),
    ];
    this.httpApi = new apigwv2.HttpApi(this, 'HttpApi', {
      apiName: `zuofeng-${props.stage}`,
      description: 'zuofeng: one API, a Lambda per service',
      createDefaultStage: false,
      corsPreflight: s.consoleHosting
        ? {
            allowOrigins: [s.consoleHosting.origin],
            allowHeaders: CORS_ALLOW_HEADERS,
            allowMethods: methods.sort().map((m) => apigwv2.CorsHttpMethod[m]),
            maxAge: Duration.hours(1),
          }
        : undefined,
    });
    this.httpStage = new apigwv2.HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: DEFAULT_THROTTLE,
      detailedMetricsEnabled: true,
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(accessLogs),
        // No source IP or user agent: the public form is anonymous, and its access log stays so.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            responseLatency: '$context.responseLatency',
            integrationLatency: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
            sub: '$context.authorizer.claims.sub',
          }),
        ),
      },
    });
    this.staffAuthorizer = new HttpJwtAuthorizer('StaffJwt', s.jwt.issuer, {
      jwtAudience: [s.jwt.audience],
    });
    // Imported through its named exports, like the table by ARN: grants stay on the functions' roles, out of the
    // bucket's policy, and name the bucket the same way in every environment.
    const evidenceBucket = s3.Bucket.fromBucketAttributes(this, 'EvidenceBucket', {
      bucketArn: Fn.importValue(s.evidenceBucketExports.arn),
      bucketName: Fn.importValue(s.evidenceBucketExports.name),
    });
    const httpEnvironment: Record<string, string> = {};
    if (s.jwt.tenantClaim) httpEnvironment.TENANT_CLAIM = s.jwt.tenantClaim;
    if (s.jwt.groupsClaim) httpEnvironment.GROUPS_CLAIM = s.jwt.groupsClaim;
    if (props.publicBaseUrl) httpEnvironment.PUBLIC_BASE_URL = props.publicBaseUrl;

    const services = new Map<string, ServiceConstruct>();
    for (const manifest of props.manifests) {
      services.set(
        manifest.name,
        new ServiceConstruct(this, `Service${pascal(manifest.name)}`, {
          manifest,
          table,
          secrets: { formLink: s.formLinkSecret },
          channels: s.channels,
          scheduleDlqs: s.scheduleDlqs,
          httpApi: this.httpApi,
          staffAuthorizer: this.staffAuthorizer,
          httpEnvironment,
          userPool: s.userPool,
          evidenceBucket,
          sealingKey: s.sealingKey,
          policy,
        }),
      );
    }
    this.services = services;
    this.throttlePublicRoutes([...services.values()].flatMap((svc) => svc.publicRoutes));

    const pipe = this.outboxPipe(table, s, policy);
    this.pipe = pipe.pipe;
    this.pipeRole = pipe.role;

    if (s.consoleHosting) {
      this.consoleDeployment = new ConsoleDeployment(this, 'Console', {
        // Imported through its named export, so that the deployment's grants stay on its role and out of the
        // bucket's policy, and name the bucket the same way in every environment.
        bucket: s3.Bucket.fromBucketArn(
          this,
          'ConsoleBucket',
          Fn.importValue(s.consoleHosting.bucketArnExport),
        ),
        webDist: props.webDist ?? WEB_DIST,
        config: {
          auth: 'oidc',
          issuer: s.jwt.issuer,
          clientId: s.jwt.audience,
          apiUrl: this.httpApi.apiEndpoint,
        },
        logRetention: policy.logRetention,
        logRemovalPolicy: policy.removalPolicy,
      });
    }

    new CfnOutput(this, 'ApiUrl', { value: this.httpApi.apiEndpoint, description: 'HTTP API base URL' });
  }

  /** Per-route throttling of the anonymous routes, on the stage's RouteSettings. */
  private throttlePublicRoutes(routes: readonly PublicRoute[]): void {
    const cfnStage = this.httpStage.node.defaultChild as apigwv2.CfnStage;
    const settings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    for (const r of routes) {
      const t = publicRouteThrottle(r.def);
      settings[r.routeKey] = { ThrottlingRateLimit: t.rateLimit, ThrottlingBurstLimit: t.burstLimit };
      // Route settings name routes by key; the stage must not be updated before the routes exist.
      cfnStage.node.addDependency(r.route);
    }
    cfnStage.routeSettings = settings;
  }

  /**
   * Outbox rows → EventBridge. The Pipe reads the table's stream, keeps only outbox inserts (the same filter
   * the local stream reader applies), and puts each one on the bus with its own detail-type and source.
   */
  private outboxPipe(
    table: dynamodb.ITable,
    s: StatelessStackProps['stateful'],
    policy: StagePolicy,
  ): { pipe: pipes.CfnPipe; role: iam.Role } {
    const role = new iam.Role(this, 'OutboxPipeRole', {
      description: 'EventBridge Pipe: read the table stream, put events on the bus, dead-letter failures',
      assumedBy: new iam.ServicePrincipal('pipes.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    });
    table.grantStreamRead(role);
    s.bus.grantPutEventsTo(role);
    s.pipeDlq.queue.grantSendMessages(role);
    acknowledge(
      role,
      'AwsSolutions-IAM5[Resource::*]',
      'Only dynamodb:ListStreams uses Resource "*", because it has no resource-level permissions; stream reads name the stream.',
    );
    const logGroup = new logs.LogGroup(this, 'OutboxPipeLogs', {
      retention: policy.logRetention,
      removalPolicy: policy.removalPolicy,
    });
    logGroup.grantWrite(role);

    const pipe = new pipes.CfnPipe(this, 'OutboxPipe', {
      description: 'Outbox rows from the table stream to the bus',
      roleArn: role.roleArn,
      source: s.table.tableStreamArn!,
      sourceParameters: {
        dynamoDbStreamParameters: {
          // From the oldest record the stream keeps (24 h): a Pipe created anew (the stateless stack replaced
          // while the table stays) carries the outbox rows written in between instead of skipping them. Rows it
          // publishes a second time are harmless: every consumer keeps a receipt per event id for 30 days.
          startingPosition: 'TRIM_HORIZON',
          batchSize: PIPE_BATCH_SIZE,
          maximumRetryAttempts: PIPE_MAX_RETRY_ATTEMPTS,
          // A bad record is isolated by halving the batch, so it does not hold back the rest of its shard.
          onPartialBatchItemFailure: 'AUTOMATIC_BISECT',
          deadLetterConfig: { arn: s.pipeDlq.queue.queueArn },
        },
        filterCriteria: { filters: [{ pattern: JSON.stringify(outboxStreamFilter) }] },
      },
      target: s.bus.eventBusArn,
      targetParameters: {
        eventBridgeEventBusParameters: {
          detailType: `$.dynamodb.NewImage.detailType.S`,
          source: `$.dynamodb.NewImage.source.S`,
        },
      },
      logConfiguration: {
        level: 'ERROR',
        cloudwatchLogsLogDestination: { logGroupArn: logGroup.logGroupArn },
      },
    });
    // The role's policy must exist before the Pipe starts polling the stream.
    pipe.node.addDependency(role);
    return { pipe, role };
  }
}

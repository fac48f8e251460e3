import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Annotations, CfnOutput, Duration, type RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { acknowledge, nagRendering } from './nag';

/** The console's path on the distribution: Vite builds it with this base. */
export const CONSOLE_PATH = '/console/';
/** The console's key prefix in the bucket (the path without its leading slash). */
export const CONSOLE_PREFIX = CONSOLE_PATH.slice(1);

/** The directives after img-src. */
const CSP_REST = [
  "font-src 'self' data:",
  "connect-src 'self' https:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self' https:",
  "frame-ancestors 'none'",
];

/**
 * Content-Security-Policy of the console. Scripts only from the console's own origin (Vite emits no inline
 * script); inline styles are allowed because ECharts and React set them; the API and the identity provider are
 * other https origins, which `connect-src https:` admits without this policy naming hosts that live in other
 * stacks. Images also from the given origins: the evidence bucket, whose photos the console shows through
 * presigned GET URLs.
 */
export const consoleCsp = (imageOrigins: readonly string[] = []): string =>
  [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    ["img-src 'self' data: blob:", ...imageOrigins].join(' '),
    ...CSP_REST,
  ].join('; ');

/** The policy without any image origin besides the console's own. */
export const CONSOLE_CSP = consoleCsp();

export interface ConsoleHostingProps {
  /** Where the console bucket's and the CloudFront log bucket's own S3 access logs go. */
  readonly accessLogBucket: s3.IBucket;
  readonly removalPolicy: RemovalPolicy;
  /** How long CloudFront's access logs are kept. */
  readonly logExpiration: Duration;
  readonly geoAllowlist: readonly string[];
  /** A CLOUDFRONT-scope WAF web ACL (us-east-1); absent, the distribution has none (acknowledged). */
  readonly webAclArn?: string;
  /** Origins (`https://host`) the console may show images from, besides its own. */
  readonly imageOrigins?: readonly string[];
}

/**
 * Where the staff console is served from: a private bucket that only this distribution may read (Origin Access
 * Control), and the distribution itself, HTTPS only, with security headers, a geographic allowlist, access
 * logs, and the single-page-app fallback (a path the bucket does not have is answered with the console's
 * index.html, so that deep links and the sign-in callback reach the app's router).
 *
 * It lives in the stateful stack beside the user pool: the pool's console client names this distribution's
 * domain as its callback, and that domain must not change when the functions are redeployed.
 */
export class ConsoleHosting extends Construct {
  readonly bucket: s3.Bucket;
  readonly logBucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  /** `https://<distribution domain>`: the console's origin, which the API's CORS allows. */
  readonly origin: string;
  /** `https://<distribution domain>/console/`: where staff sign in, and where the identity provider returns them. */
  readonly url: string;
  /**
   * The export that carries the bucket's ARN to the stateless stack. Named here rather than left to CDK, so
   * that the deployment role's acknowledged wildcard (`<export>/*`) has a name that does not depend on a hash.
   */
  readonly bucketArnExport: string;

  constructor(scope: Construct, id: string, props: ConsoleHostingProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.accessLogBucket,
      serverAccessLogsPrefix: 'console/',
      removalPolicy: props.removalPolicy,
    });
    // CloudFront's standard logs are delivered with an object ACL, which a bucket with ACLs disabled (such as
    // the access-log bucket) refuses; so they get a bucket of their own, still private, encrypted and TLS only.
    this.logBucket = new s3.Bucket(this, 'CdnLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
      serverAccessLogsBucket: props.accessLogBucket,
      serverAccessLogsPrefix: 'cdn-logs/',
      lifecycleRules: [{ expiration: props.logExpiration }],
      removalPolicy: props.removalPolicy,
    });

    // The Cache-Control each file was deployed with decides (ConsoleDeployment): hashed assets for a year,
    // everything else revalidated. Own policies rather than managed ones, whose ids differ between partitions.
    const cachePolicy = new cloudfront.CachePolicy(this, 'CachePolicy', {
      comment: 'zuofeng console: cache as the files Cache-Control says',
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.days(1),
      maxTtl: Duration.days(365),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    const headers = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'zuofeng console: security headers on every response',
      securityHeadersBehavior: {
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: {
          referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
        contentSecurityPolicy: { contentSecurityPolicy: consoleCsp(props.imageOrigins), override: true },
      },
      customHeadersBehavior: {
        customHeaders: [
          { header: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()', override: true },
        ],
      },
    });

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'zuofeng staff console',
      // `/` serves the console too (its router takes a path outside /console/ as its home page).
      defaultRootObject: `${CONSOLE_PREFIX}index.html`,
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD,
        cachePolicy,
        responseHeadersPolicy: headers,
        compress: true,
      },
      // The bucket answers 403 for a key it does not have (CloudFront may not list it): the app's router takes
      // every such path under /console/.
      errorResponses: [403, 404].map((httpStatus) => ({
        httpStatus,
        responseHttpStatus: 200,
        responsePagePath: `${CONSOLE_PATH}index.html`,
        ttl: Duration.seconds(10),
      })),
      geoRestriction: cloudfront.GeoRestriction.allowlist(...props.geoAllowlist),
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'console/',
      webAclId: props.webAclArn,
    });
    this.origin = `https://${this.distribution.distributionDomainName}`;
    this.url = `${this.origin}${CONSOLE_PATH}`;
    this.bucketArnExport = `${Stack.of(this).stackName}:ConsoleBucketArn`;
    new CfnOutput(this, 'BucketArn', {
      value: this.bucket.bucketArn,
      exportName: this.bucketArnExport,
      description: 'Bucket of the staff console files (imported by the stateless stack, which deploys them)',
    });

    acknowledge(
      this.distribution,
      'AwsSolutions-CFR4',
      'The console is served on the distribution default cloudfront.net name, whose certificate CloudFront owns and which accepts TLSv1; a minimum of TLSv1.2 needs a custom domain with an ACM certificate in us-east-1, which this deployment does not have yet.',
    );
    if (!props.webAclArn) {
      acknowledge(
        this.distribution,
        'AwsSolutions-CFR2',
        'A CloudFront web ACL must be created in us-east-1 and costs a fixed monthly fee; the console is static files behind a country allowlist and every API call needs a JWT. Give -c consoleWebAclArn=<global web ACL ARN> to attach one.',
      );
    }
  }
}

/** What the console reads from `/console/config.json` at start. */
export interface ConsoleRuntimeConfig {
  readonly auth: 'oidc';
  /** The OpenID Connect issuer (Cognito: `https://cognito-idp.<region>.<url suffix>/<pool id>`). */
  readonly issuer: string;
  /** The public OAuth client the console signs in with (authorization code + PKCE). */
  readonly clientId: string;
  /** The HTTP API's base URL. */
  readonly apiUrl: string;
}

export interface ConsoleDeploymentProps {
  readonly bucket: s3.IBucket;
  /** The built console (`packages/web/dist`). Without an index.html in it, a placeholder page is deployed. */
  readonly webDist: string;
  readonly config: ConsoleRuntimeConfig;
  readonly logRetention: logs.RetentionDays;
  readonly logRemovalPolicy: RemovalPolicy;
}

/** Cache-Control of Vite's content-hashed files: their name changes whenever their content does. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

const PLACEHOLDER_HTML = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>zuofeng</title></head>
<body><h1>控制台尚未构建 · The staff console was not built</h1>
<p>packages/web/dist did not exist when this stack was synthesized. Run <code>npm run build -w @zuofeng/web</code>, then deploy again.</p>
</body></html>
`;

let placeholder: string | undefined;
/** A directory with the placeholder index.html, made once per process. */
function placeholderDir(): string {
  if (!placeholder) {
    placeholder = fs.mkdtempSync(path.join(os.tmpdir(), 'zuofeng-console-placeholder-'));
    fs.writeFileSync(path.join(placeholder, 'index.html'), PLACEHOLDER_HTML);
  }
  return placeholder;
}

/**
 * Puts the built console into the console bucket under `console/`, with the `config.json` that tells it where
 * the identity provider and the API are. Two deployments share one CDK handler:
 * - `Assets`: Vite's content-hashed `assets/*`, cached for a year and never pruned, so a browser still running
 *   the previous index.html can load the chunks it asks for;
 * - `App`: everything else plus `config.json`, revalidated on every load (`no-cache`), pruned of old files
 *   (but not of `assets/*`), and written after `Assets`, so a new index.html never names a missing chunk.
 * With that split no CloudFront invalidation is needed, and the handler needs no `cloudfront:*` on `*`.
 */
export class ConsoleDeployment extends Construct {
  readonly role: iam.Role;
  readonly assets: s3deploy.BucketDeployment;
  readonly app: s3deploy.BucketDeployment;
  /** False when the placeholder page was deployed instead of a built console. */
  readonly built: boolean;

  constructor(scope: Construct, id: string, props: ConsoleDeploymentProps) {
    super(scope, id);
    this.built = fs.existsSync(path.join(props.webDist, 'index.html'));
    if (!this.built) {
      Annotations.of(this).addWarningV2(
        '@zuofeng/infra:console-not-built',
        `${props.webDist} has no index.html: a placeholder page is deployed as the console. Run "npm run build -w @zuofeng/web" before "cdk deploy".`,
      );
    }
    // An Asset of its own rather than Source.asset, so that its bucket can name the acknowledged wildcard below.
    const files = new s3assets.Asset(this, 'Files', { path: this.built ? props.webDist : placeholderDir() });
    const dist = s3deploy.Source.bucket(files.bucket, files.s3ObjectKey);

    // An own role and log group for CDK's deployment handler, instead of AWSLambdaBasicExecutionRole (which may
    // write to every log group in the account).
    const logGroup = new logs.LogGroup(this, 'HandlerLogs', {
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });
    this.role = new iam.Role(this, 'HandlerRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'CDK BucketDeployment handler: copy the staff console into its bucket',
    });
    logGroup.grantWrite(this.role);
    const common = { destinationBucket: props.bucket, role: this.role, logGroup } as const;

    this.assets = new s3deploy.BucketDeployment(this, 'Assets', {
      ...common,
      sources: [dist],
      destinationKeyPrefix: CONSOLE_PREFIX,
      exclude: ['*'],
      include: ['assets/*'],
      prune: false,
      cacheControl: [s3deploy.CacheControl.fromString(IMMUTABLE)],
    });
    this.app = new s3deploy.BucketDeployment(this, 'App', {
      ...common,
      // config.json last: it wins over any config.json a development build may carry.
      sources: [dist, s3deploy.Source.jsonData('config.json', props.config)],
      destinationKeyPrefix: CONSOLE_PREFIX,
      exclude: ['assets/*'],
      prune: true,
      cacheControl: [s3deploy.CacheControl.noCache()],
    });
    this.app.node.addDependency(this.assets);

    this.acknowledgeHandler(props.bucket, files.bucket);
  }

  /** The findings on CDK's deployment handler and its role, each with what it is and why it stays. */
  private acknowledgeHandler(consoleBucket: s3.IBucket, assetBucket: s3.IBucket): void {
    // What BucketDeployment grants its handler: read on the CDK asset bucket (the zipped files) and
    // grantReadWrite on the destination bucket. CDK writes these statements; they cannot be narrowed here.
    const iam5 = (detail: string, reason: string) =>
      acknowledge(this.role, `AwsSolutions-IAM5[${detail}]`, reason);
    iam5(
      'Action::s3:GetObject*',
      'CDK BucketDeployment grants its handler s3:GetObject* (object, version, ACL, tagging reads) on the CDK asset bucket to fetch the zipped console and on the console bucket to compare files during sync.',
    );
    iam5(
      'Action::s3:GetBucket*',
      'CDK BucketDeployment grants its handler s3:GetBucket* (reads of bucket settings such as location and versioning, which aws s3 sync consults) on the CDK asset bucket and on the console bucket only.',
    );
    iam5(
      'Action::s3:List*',
      'CDK BucketDeployment grants its handler s3:List* on the CDK asset bucket and the console bucket: aws s3 sync lists the destination to find what to upload and, with prune, what to delete.',
    );
    iam5(
      'Action::s3:DeleteObject*',
      'CDK BucketDeployment grantReadWrite on the console bucket alone: prune deletes the files a new build no longer has; the wildcard adds only the version and tagging variants of DeleteObject.',
    );
    iam5(
      'Action::s3:Abort*',
      'CDK BucketDeployment grantReadWrite on the console bucket alone: s3:AbortMultipartUpload lets aws s3 sync clean up a failed multipart upload of a large file.',
    );
    iam5(
      `Resource::${nagRendering(this, assetBucket.arnForObjects('*'))}`,
      'The CDK bootstrap asset bucket keys every asset by content hash, known only at deploy time; CDK grants the deployment handler read (never write) on its objects to fetch the zipped console files.',
    );
    iam5(
      `Resource::${nagRendering(this, consoleBucket.arnForObjects('*'))}`,
      'The console bucket holds nothing but the console files under console/, which the build names; the handler writes and prunes them, so it may write any object of this one bucket and of no other.',
    );

    // The handler is a singleton at the stack's root, not below this construct.
    const handlers = Stack.of(this)
      .node.children.filter((c): c is lambda.Function => c instanceof lambda.Function)
      .filter((f) => f.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (handlers.length !== 1)
      throw new Error(`expected one BucketDeployment handler, found ${handlers.length}`);
    acknowledge(
      handlers[0]!,
      'AwsSolutions-L1',
      'CDK pins its BucketDeployment handler to python3.13, the runtime it is tested on (supported by Lambda until June 2029); the AWS CLI v1 the handler runs declares Python up to 3.14 only, so moving it to python3.15 would run it on an interpreter it does not support.',
    );
  }
}

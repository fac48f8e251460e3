import * as path from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';

/** The repository root: NodejsFunction entries and the lock file are resolved from here. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** Where `npm run build -w @zuofeng/web` puts the staff console (Vite, base path `/console/`). */
export const WEB_DIST = path.join(REPO_ROOT, 'packages', 'web', 'dist');

export type Stage = 'dev' | 'prod';

/** An external OpenID Connect issuer. Given, no Cognito user pool is created (China regions have none). */
export interface OidcConfig {
  readonly issuer: string;
  readonly audience: string;
  /** Claim holding the tenant id. @default `custom:tenantId` (Cognito) */
  readonly tenantClaim?: string;
  /** Claim holding the roles. @default `cognito:groups` (Cognito) */
  readonly groupsClaim?: string;
}

/** The staff console on S3 + CloudFront. */
export interface ConsoleConfig {
  /** ISO 3166-1 alpha-2 countries CloudFront serves the console to (`-c consoleGeoAllowlist=CN,HK`). */
  readonly geoAllowlist: readonly string[];
  /** An AWS WAF web ACL (scope CLOUDFRONT, so made in us-east-1) to put in front of the console. */
  readonly webAclArn?: string;
  /** Prefix of the Cognito hosted sign-in domain. @default `zuofeng-<stage>-<account id>` */
  readonly authDomainPrefix?: string;
}

/** Everything the app reads from CDK context (`-c key=value` or cdk.json). */
export interface DeploymentConfig {
  readonly stage: Stage;
  readonly oidc?: OidcConfig;
  /** Absent: no console hosting (`-c console=false`, and the default in China regions). */
  readonly consoleHosting?: ConsoleConfig;
  /** Undefined keeps the stacks environment-agnostic. */
  readonly region?: string;
  readonly account?: string;
  /**
   * Where residents open form links (`https://pj.example.gov.cn`: a custom domain of the HTTP API). Without
   * it, a link is built on the host the console called, the API's own execute-api domain.
   */
  readonly publicBaseUrl?: string;
}

/** Read and check the context once; a typo in `stage` fails the synth instead of deploying a third stage. */
export function readDeploymentConfig(node: Node): DeploymentConfig {
  const str = (key: string): string | undefined => {
    const v: unknown = node.tryGetContext(key);
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v !== 'string') throw new Error(`context "${key}" must be a string, got ${JSON.stringify(v)}`);
    return v;
  };
  const stage = str('stage') ?? 'dev';
  if (stage !== 'dev' && stage !== 'prod')
    throw new Error(`context "stage" must be dev or prod, got "${stage}"`);
  const issuer = str('oidcIssuer');
  const audience = str('oidcAudience');
  if (Boolean(issuer) !== Boolean(audience)) {
    throw new Error('context "oidcIssuer" and "oidcAudience" go together: give both or neither');
  }
  if (issuer && !issuer.startsWith('https://')) {
    throw new Error(`context "oidcIssuer" must be an https URL, got "${issuer}"`);
  }
  const region = str('region');
  if (region?.startsWith('cn-') && !issuer) {
    throw new Error(
      `region ${region} has no Cognito user pools: give -c oidcIssuer=https://… -c oidcAudience=… for an OIDC issuer`,
    );
  }
  return {
    stage,
    oidc:
      issuer && audience
        ? { issuer, audience, tenantClaim: str('oidcTenantClaim'), groupsClaim: str('oidcGroupsClaim') }
        : undefined,
    consoleHosting: readConsoleConfig(node, str, region),
    region,
    account: str('account'),
    publicBaseUrl: readPublicBaseUrl(str('publicBaseUrl')),
  };
}

/** An https origin, with nothing after it: what the QR codes print, so it must be exactly right. */
function readPublicBaseUrl(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`context "publicBaseUrl" must be a URL, got "${raw}"`);
  }
  if (url.protocol !== 'https:' || url.pathname !== '/' || url.search || url.hash || url.username)
    throw new Error(
      `context "publicBaseUrl" must be an https origin such as https://pj.example.gov.cn, got "${raw}"`,
    );
  return url.origin;
}

/**
 * `console` is true by default, except in China regions, where it is refused: CloudFront there serves only an
 * ICP-filed domain of your own with a certificate of your own (the default domain and certificate cannot serve
 * it), and CloudFormation has no AWS::CloudFront::OriginAccessControl in the cn regions (CDK's template check
 * says so), so the hosting built here could not be deployed there.
 */
function readConsoleConfig(
  node: Node,
  str: (key: string) => string | undefined,
  region: string | undefined,
): ConsoleConfig | undefined {
  const raw: unknown = node.tryGetContext('console');
  let enabled: boolean;
  if (raw === undefined || raw === null || raw === '') enabled = !region?.startsWith('cn-');
  else if (raw === true || raw === 'true') enabled = true;
  else if (raw === false || raw === 'false') enabled = false;
  else throw new Error(`context "console" must be true or false, got ${JSON.stringify(raw)}`);
  if (!enabled) return undefined;
  if (region?.startsWith('cn-')) {
    throw new Error(
      `console hosting is not available in ${region}: CloudFront there needs an ICP-filed domain and certificate, and CloudFormation has no Origin Access Control in China regions; leave out -c console=true (it defaults to false there)`,
    );
  }

  const geoAllowlist = (str('consoleGeoAllowlist') ?? 'CN').split(',').map((c) => c.trim().toUpperCase());
  const badCountry = geoAllowlist.find((c) => !/^[A-Z]{2}$/.test(c));
  if (badCountry !== undefined) {
    throw new Error(
      `context "consoleGeoAllowlist" takes ISO 3166-1 alpha-2 codes (CN,HK), got "${badCountry}"`,
    );
  }
  const webAclArn = str('consoleWebAclArn');
  // CloudFront takes only a global (CLOUDFRONT-scope) web ACL, which lives in us-east-1.
  if (webAclArn && !/^arn:[a-z-]+:wafv2:us-east-1:\d{12}:global\/webacl\/[^/]+\/[^/]+$/.test(webAclArn)) {
    throw new Error(
      `context "consoleWebAclArn" must be a us-east-1 global WAFv2 web ACL ARN, got "${webAclArn}"`,
    );
  }
  const authDomainPrefix = str('cognitoDomainPrefix');
  // Cognito's rule for a prefix: lower-case letters, digits and hyphens, and none of its reserved words.
  if (
    authDomainPrefix &&
    (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(authDomainPrefix) ||
      /aws|amazon|cognito/.test(authDomainPrefix))
  ) {
    throw new Error(
      `context "cognitoDomainPrefix" must be lower-case letters, digits and hyphens without aws/amazon/cognito, got "${authDomainPrefix}"`,
    );
  }
  return { geoAllowlist, webAclArn, authDomainPrefix };
}

/** What differs between stages, in one place. */
export interface StagePolicy {
  readonly removalPolicy: RemovalPolicy;
  readonly deletionProtection: boolean;
  /**
   * Log retention. Prod keeps six months: China's Cybersecurity Law (网络安全法, art. 21) requires network
   * logs to be kept for no less than six months.
   */
  readonly logRetention: logs.RetentionDays;
  /** How long the bus archive keeps events for replay. */
  readonly archiveRetention: Duration;
}

export const stagePolicy = (stage: Stage): StagePolicy =>
  stage === 'prod'
    ? {
        removalPolicy: RemovalPolicy.RETAIN,
        deletionProtection: true,
        logRetention: logs.RetentionDays.SIX_MONTHS,
        archiveRetention: Duration.days(90),
      }
    : {
        removalPolicy: RemovalPolicy.DESTROY,
        deletionProtection: false,
        logRetention: logs.RetentionDays.TWO_WEEKS,
        archiveRetention: Duration.days(7),
      };

/** Tag keys that tools (e.g. `npm run dlq -- list --aws`) use to find resources. */
export const TAG = {
  stage: 'zuofeng:stage',
  dlq: 'zuofeng:dlq',
  /** The subscription, pipe or schedule whose failures a DLQ holds. */
  consumer: 'zuofeng:consumer',
  /** On the roles of the sealing services' functions, with the stage as value: the sealing key's policy asks for it. */
  sealing: 'zuofeng:sealing',
} as const;

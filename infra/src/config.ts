import * as path from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';

/** The repository root: NodejsFunction entries and the lock file are resolved from here. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

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

/** Everything the app reads from CDK context (`-c key=value` or cdk.json). */
export interface DeploymentConfig {
  readonly stage: Stage;
  readonly oidc?: OidcConfig;
  /** Undefined keeps the stacks environment-agnostic. */
  readonly region?: string;
  readonly account?: string;
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
    region,
    account: str('account'),
  };
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
} as const;

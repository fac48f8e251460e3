import { existsSync } from 'node:fs';
import { dirname as dirname_, join } from 'node:path';
import type { RouteDef } from '@zuofeng/http';
import type { Subscription } from '@zuofeng/messaging';

/**
 * A schedule, as cron fields in China Standard Time. CDK turns it into an EventBridge Scheduler schedule
 * (with `Asia/Shanghai` as its time zone); the local runtime runs the same fields with croner.
 */
export interface ScheduleDef {
  /** kebab-case, unique across the platform. */
  name: string;
  cron: { minute: string; hour: string; day?: string; month?: string; weekDay?: string };
  /** Module (relative to the repository root) that exports `handler`. */
  entry: string;
  description: string;
}

/** Secrets a service's functions may read. On AWS each is a Secrets Manager secret; locally an env value. */
export type SecretName = 'formLink';

/**
 * Everything the platform needs to know about a service: its HTTP routes, its consumers and its schedules.
 * CDK (infra/src/service-construct.ts) and the local runtime (packages/local) both read it, so routes and
 * subscriptions are declared once.
 */
export interface ServiceManifest {
  name: string;
  /** The service's HTTP function: its module, its routes, and files it reads at run time. */
  http?: HttpFunctionDef;
  /**
   * Further HTTP functions of the service, each with routes of its own: for a route whose code or files would
   * weigh on the main function's cold start (the PDF poster and its CJK font, beside the residents' pages).
   */
  moreHttp?: readonly (HttpFunctionDef & { /** kebab-case, unique within the service. */ name: string })[];
  subscriptions: readonly Subscription[];
  schedules: readonly ScheduleDef[];
  /** The table access its functions need; CDK grants exactly this. */
  tableAccess: 'read' | 'readwrite';
  secrets?: readonly SecretName[];
  /**
   * The service manages sign-in accounts: on AWS its functions get USER_POOL_ID and the Cognito admin actions
   * on that one pool (create, disable, enable, groups). Without a Cognito pool (an external OIDC issuer),
   * accounts are managed in that issuer and the service only keeps its own records.
   */
  identityAdmin?: boolean;
  /**
   * The evidence store: on AWS the S3 bucket (env EVIDENCE_BUCKET, with put/get grants for presigned URLs);
   * locally a folder served by the runtime.
   */
  evidence?: 'readwrite';
  /**
   * The key that seals reporters' identities and residents' phone numbers: on AWS a KMS key (env
   * SEALING_KEY_ID and the KMS actions of the use); locally a key file under .local. What every function of
   * the service may do with it, unless an HTTP function says otherwise (`HttpFunctionDef.sealing`).
   */
  sealing?: SealingUse;
}

/**
 * What a function may do with the sealing key: `seal` (KMS Encrypt: take a number or an identity in), `open`
 * (KMS Decrypt: read one out, for the one role that may), or both. A function that takes residents' input
 * from the internet seals and never opens: whoever took it over could not read a single sealed number.
 */
export type SealingUse = 'seal' | 'open' | 'seal-and-open';

/** An HTTP function of a service. */
export interface HttpFunctionDef {
  /** Module, relative to the repository root, that exports `handler`. */
  entry: string;
  routes: readonly RouteDef[];
  /**
   * Files the function reads at run time (the residents' form pages, a font): on AWS copied beside the bundle
   * after esbuild runs, at `to`; in the source tree (tests, `npm start`) read where they are, at `from`.
   * `bundledDir` finds whichever exists.
   */
  files?: readonly BundledFiles[];
  /** This function's use of the sealing key, in place of the service's; `false`: none at all. */
  sealing?: SealingUse | false;
}

/** What one function of a service may do with the sealing key: its own setting, else the service's. */
export const sealingOf = (m: ServiceManifest, h?: HttpFunctionDef): SealingUse | undefined =>
  (h?.sealing ?? m.sealing) || undefined;

/** Every HTTP function of a service, the main one first. */
export const httpFunctions = (m: ServiceManifest): (HttpFunctionDef & { name?: string })[] => [
  ...(m.http ? [m.http] : []),
  ...(m.moreHttp ?? []),
];

/** A file or folder copied into a function's bundle: `from` relative to the repository root, `to` to the bundle. */
export interface BundledFiles {
  from: string;
  to: string;
}

/**
 * Where bundled files are at run time: `<bundle>/<to>` in a Lambda bundle (`dirname` is the bundle's own
 * folder there), else `<repository root>/<from>`, found by walking up from `dirname` in the source tree.
 */
export function bundledDir(files: BundledFiles, dirname: string): string {
  const bundled = join(dirname, files.to);
  if (existsSync(bundled)) return bundled;
  for (let dir = dirname; ; dir = dirname_(dir)) {
    const candidate = join(dir, files.from);
    if (existsSync(candidate)) return candidate;
    if (dirname_(dir) === dir) return bundled;
  }
}

export const TIME_ZONE = 'Asia/Shanghai';

/** The croner pattern (minute hour day month weekday) for a schedule's fields. */
export const cronPattern = (s: ScheduleDef): string =>
  [s.cron.minute, s.cron.hour, s.cron.day ?? '*', s.cron.month ?? '*', s.cron.weekDay ?? '*'].join(' ');

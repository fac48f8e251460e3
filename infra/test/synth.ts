import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ServiceManifest } from '@zuofeng/manifest';
import { Template } from 'aws-cdk-lib/assertions';
import { createApp, type ZuofengApp } from '../src/app';

/** A CloudFormation template as plain JSON. */
// biome-ignore lint/suspicious/noExplicitAny: tests walk template JSON freely; a wrong path fails the assertion.
export type Json = Record<string, any>;

export interface Synthesized extends ZuofengApp {
  readonly statefulTemplate: Template;
  readonly statelessTemplate: Template;
  readonly statefulJson: Json;
  readonly statelessJson: Json;
}

/** A console build directory that does not exist: test synths deploy the placeholder page, whoever built. */
export const NO_WEB_DIST = path.join(__dirname, 'no-web-dist');

/**
 * Build and synthesize the real app once. `bundle: false` skips esbuild (CDK's `aws:cdk:bundling-stacks`),
 * for tests that look at wiring only; one test file bundles for real.
 */
export function synth(
  context: Record<string, unknown> = {},
  opts: { bundle?: boolean; webDist?: string; manifests?: readonly ServiceManifest[] } = {},
): Synthesized {
  const app = createApp(
    { context: { ...context, ...(opts.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }) } },
    { webDist: opts.webDist ?? NO_WEB_DIST, manifests: opts.manifests },
  );
  const statefulTemplate = Template.fromStack(app.stateful);
  const statelessTemplate = Template.fromStack(app.stateless);
  return {
    ...app,
    statefulTemplate,
    statelessTemplate,
    statefulJson: statefulTemplate.toJSON(),
    statelessJson: statelessTemplate.toJSON(),
  };
}

/** Resources of a type, as [logicalId, resource] pairs. */
export const resourcesOf = (template: Json, type: string): [string, Json][] =>
  Object.entries(template.Resources as Record<string, Json>).filter(([, r]) => r.Type === type);

/**
 * What a `Fn::ImportValue` in the consumer stack stands for in the producer: the producer output's value
 * (e.g. `{ 'Fn::GetAtt': [queueId, 'Arn'] }`). Lets a test follow a reference across the two stacks.
 */
export function importedValue(producer: Json, value: unknown): unknown {
  const name = (value as { 'Fn::ImportValue'?: string })?.['Fn::ImportValue'];
  if (typeof name !== 'string') throw new Error(`not an import: ${JSON.stringify(value)}`);
  const output = Object.values(producer.Outputs as Record<string, Json>).find((o) => o.Export?.Name === name);
  if (!output) throw new Error(`no output exports ${name}`);
  return output.Value;
}

/** The logical id a `Ref` or `Fn::GetAtt` points at. */
export function refId(value: unknown): string {
  const v = value as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
  const id = v?.Ref ?? v?.['Fn::GetAtt']?.[0];
  if (!id) throw new Error(`not a reference: ${JSON.stringify(value)}`);
  return id;
}

/** Statements of every IAM policy attached to a role (by the role's logical id). */
export function roleStatements(template: Json, roleId: string): Json[] {
  return resourcesOf(template, 'AWS::IAM::Policy')
    .filter(([, p]) => (p.Properties.Roles as unknown[]).some((r) => refId(r) === roleId))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Json[]);
}

export const asArray = <T>(x: T | T[]): T[] => (Array.isArray(x) ? x : [x]);

/** The statements of every IAM policy in a template that allow some `cognito-idp:` action. */
export const cognitoStatements = (template: Json): Json[] =>
  resourcesOf(template, 'AWS::IAM::Policy')
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Json[])
    .filter((st) => asArray(st.Action as string | string[]).some((a) => a.startsWith('cognito-idp:')));

/** A staged asset directory of the app (CDK stages a directory asset unzipped, as `asset.<hash>`). */
export function stagedAsset(outdir: string, objectKey: string): string {
  const dir = path.join(outdir, `asset.${objectKey.replace(/\.zip$/, '')}`);
  if (!fs.existsSync(dir)) throw new Error(`no staged asset ${dir}`);
  return dir;
}

/**
 * The console's config.json as the deployment writes it: the staged file, its deploy-time markers replaced by
 * the CloudFormation values they stand for (a value that is one marker becomes that value; one that mixes
 * text and markers becomes the list of its parts).
 */
export function deployedConfig(outdir: string, deployment: Json): Record<string, unknown> {
  const p = deployment.Properties;
  const keys = p.SourceObjectKeys as string[];
  const last = keys.length - 1;
  const markers = (p.SourceMarkers?.[last] ?? {}) as Record<string, unknown>;
  const raw = JSON.parse(
    fs.readFileSync(path.join(stagedAsset(outdir, keys[last]!), 'config.json'), 'utf8'),
  ) as Record<string, unknown>;
  const substitute = (v: unknown): unknown => {
    if (typeof v !== 'string') return v;
    const parts = v.split(/(<<marker:0xbaba:\d+>>)/).filter((x) => x !== '');
    const mapped = parts.map((x) => (x in markers ? markers[x] : x));
    return mapped.length === 1 ? mapped[0] : mapped;
  };
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, substitute(v)]));
}

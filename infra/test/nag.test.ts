import { CfnResource, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { createApp } from '../src/app';

const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };
const CN = { region: 'cn-north-1', oidcIssuer: 'https://idp.example.cn', oidcAudience: 'zuofeng' };

/** Unacknowledged AwsSolutions findings, as `rule @ construct path` lines (empty when clean). */
function findings(scope: IConstruct): string[] {
  const report = new AwsSolutionsChecks().validateScope(scope);
  return report.violations.flatMap((v) =>
    v.violatingResources.map((r) => `${v.severity} ${v.ruleName} @ ${r.constructPath}`),
  );
}

/** Every acknowledgment in the tree: rule id → the reasons given. */
function acknowledgments(scope: IConstruct): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const c of scope.node.findAll()) {
    for (const entry of c.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        const rule = id.replace(/^annotation::/i, '');
        out.set(rule, [...(out.get(rule) ?? []), reason]);
      }
    }
  }
  return out;
}

describe('cdk-nag AwsSolutions', () => {
  it.each([
    ['dev with Cognito', { stage: 'dev' }],
    ['prod with Cognito', { stage: 'prod' }],
    ['prod in cn-north-1 with an OIDC issuer', { stage: 'prod', ...CN }],
  ])('%s: no finding without a written acknowledgment, and the synth passes the plugin', (_name, context) => {
    const { app } = createApp({ context: { ...context, ...NO_BUNDLING } });
    // The app registers the pack as a validation plugin: synth throws on an unacknowledged finding.
    expect(() => app.synth()).not.toThrow();
    expect(findings(app)).toEqual([]);
  });

  it('acknowledges only the reviewed findings, each with a specific reason', () => {
    const { app } = createApp({ context: NO_BUNDLING });
    const acks = acknowledgments(app);
    expect([...acks.keys()].sort()).toEqual(
      [
        'AwsSolutions-APIG4', // public routes: residents' form, health, API docs
        'AwsSolutions-COG8', // Plus tier is a cost decision
        'AwsSolutions-IAM5[Resource::*]', // X-Ray, and dynamodb:ListStreams for the pipe
        'AwsSolutions-SMG4', // HMAC key for printed form links
        'AwsSolutions-SQS3', // the pipe's and schedules' DLQs are DLQs themselves
      ].sort(),
    );
    for (const [id, reasons] of acks) {
      for (const reason of reasons) expect([id, reason.length > 40]).toEqual([id, true]);
    }
  });

  it('does report a finding when there is one (so the checks above can fail)', () => {
    const { app, stateful } = createApp({ context: NO_BUNDLING });
    const bucket = new s3.Bucket(stateful, 'CarelessBucket');
    expect(findings(app)).toEqual(
      expect.arrayContaining([expect.stringContaining(`AwsSolutions-S10 @ ${bucket.node.path}/Resource`)]),
    );
    expect(() => app.synth()).toThrow(/AwsSolutions-S10/);
    expect(CfnResource.isCfnResource(bucket.node.defaultChild)).toBe(true);
  });
});

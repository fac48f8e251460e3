import { CfnResource, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { manifests } from '../../services/registry';
import { createApp } from '../src/app';

const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };
const CN = { region: 'cn-north-1', oidcIssuer: 'https://idp.example.cn', oidcAudience: 'zuofeng' };
const EXTERNAL = { oidcIssuer: 'https://idp.example.com', oidcAudience: 'zuofeng' };

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
    ['prod in cn-north-1 with an OIDC issuer (no console hosting)', { stage: 'prod', ...CN }],
    [
      'prod in eu-west-1 with an OIDC issuer and the console',
      { stage: 'prod', region: 'eu-west-1', ...EXTERNAL },
    ],
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
        // The console distribution: no WAF unless one is given, and the default certificate allows TLSv1.
        'AwsSolutions-CFR2',
        'AwsSolutions-CFR4',
        // CDK's BucketDeployment handler: its pinned python3.13, and what it grants its (own) role.
        'AwsSolutions-L1',
        'AwsSolutions-IAM5[Action::s3:GetObject*]',
        'AwsSolutions-IAM5[Action::s3:GetBucket*]',
        'AwsSolutions-IAM5[Action::s3:List*]',
        'AwsSolutions-IAM5[Action::s3:DeleteObject*]',
        'AwsSolutions-IAM5[Action::s3:Abort*]',
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]',
        'AwsSolutions-IAM5[Resource::ZuofengStateful-dev:ConsoleBucketArn/*]',
        // Services with `evidence` sign presigned URLs for the evidence/ prefix, whose keys are made per upload.
        ...(manifests.some((m) => m.evidence)
          ? ['AwsSolutions-IAM5[Resource::ZuofengStateful-dev:EvidenceBucketArn/evidence/*]']
          : []),
      ].sort(),
    );
    // Each console acknowledgment sits on the one construct it is about.
    const where = (id: string) =>
      app.node
        .findAll()
        .filter((c) =>
          c.node.metadata.some(
            (m) =>
              m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY &&
              Object.keys(m.data as object).some((k) => k.replace(/^annotation::/i, '') === id),
          ),
        )
        .map((c) => c.node.path);
    expect(where('AwsSolutions-CFR4')).toEqual(['ZuofengStateful-dev/Console/Distribution']);
    expect(where('AwsSolutions-IAM5[Action::s3:DeleteObject*]')).toEqual([
      'ZuofengStateless-dev/Console/HandlerRole',
    ]);
    expect(where('AwsSolutions-L1')).toEqual([
      expect.stringMatching(/^ZuofengStateless-dev\/Custom::CDKBucketDeployment[0-9A-F]+$/),
    ]);
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

import type { ServiceManifest } from '@zuofeng/manifest';
import { App, type AppProps, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { manifests as registry } from '../../services/registry';
import { type DeploymentConfig, readDeploymentConfig, TAG } from './config';
import { StatefulStack } from './stateful-stack';
import { StatelessStack } from './stateless-stack';

/**
 * Feature flags this app relies on, as defaults that cdk.json or `-c` may still override.
 * - S3 server access logs are allowed by a bucket policy instead of the legacy ACL, which new buckets
 *   (ACLs disabled, BucketOwnerEnforced) refuse.
 * - Cross-stack references stay CloudFormation exports ("strong"): they work in every partition, and they
 *   stop the stateful stack from losing a resource that the stateless stack still uses.
 */
export const FEATURE_FLAGS = {
  '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true,
  '@aws-cdk/core:defaultCrossStackReferences': 'strong',
} as const;

export interface ZuofengApp {
  readonly app: App;
  readonly config: DeploymentConfig;
  readonly stateful: StatefulStack;
  readonly stateless: StatelessStack;
}

/**
 * The whole CDK app: `ZuofengStateful-<stage>` (data, queues, identity) and `ZuofengStateless-<stage>`
 * (functions, API, Pipe), both built from the service manifests, with cdk-nag's AwsSolutions pack as a
 * validation plugin, so a synth with an unacknowledged finding fails.
 */
export function createApp(
  props: AppProps = {},
  options: {
    /** The built staff console. @default packages/web/dist */
    webDist?: string;
    /** The services to deploy. @default every service of services/registry.ts */
    manifests?: readonly ServiceManifest[];
  } = {},
): ZuofengApp {
  const app = new App({ ...props, context: { ...FEATURE_FLAGS, ...props.context } });
  const config = readDeploymentConfig(app.node);
  const { stage } = config;
  const manifests = options.manifests ?? registry;
  const env =
    config.region || config.account ? { region: config.region, account: config.account } : undefined;
  Tags.of(app).add('project', 'zuofeng');
  Tags.of(app).add(TAG.stage, stage);

  const stateful = new StatefulStack(app, `ZuofengStateful-${stage}`, {
    env,
    stage,
    oidc: config.oidc,
    subscriptions: manifests.flatMap((m) => m.subscriptions),
    schedules: manifests.flatMap((m) => m.schedules),
    consoleHosting: config.consoleHosting,
    description: `zuofeng ${stage}: table, bus, queues, evidence bucket, sealing key, secrets${config.oidc ? '' : ', user pool'}${config.consoleHosting ? ', console hosting' : ''}`,
  });
  const stateless = new StatelessStack(app, `ZuofengStateless-${stage}`, {
    env,
    stage,
    manifests,
    stateful,
    webDist: options.webDist,
    publicBaseUrl: config.publicBaseUrl,
    description: `zuofeng ${stage}: functions, HTTP API, outbox pipe, schedules${config.consoleHosting ? ', console files' : ''}`,
  });
  stateless.addStackDependency(stateful, 'the functions use its table, bus, queues and secret');

  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, config, stateful, stateless };
}

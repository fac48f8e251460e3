import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ConsoleDeployment } from '../src/console';
import {
  cognitoStatements,
  deployedConfig,
  type Json,
  resourcesOf,
  type Synthesized,
  stagedAsset,
  synth,
} from './synth';

const OIDC = { oidcIssuer: 'https://idp.example.com/realms/zuofeng', oidcAudience: 'zuofeng-console' };
/** A CloudFront web ACL's ARN as an operator passes it (joined, so that no partition literal sits in the code). */
const WEB_ACL = ['arn', 'aws', 'wafv2', 'us-east-1', '123456789012', 'global/webacl/zuofeng/0123'].join(':');

let withoutConsole: Synthesized;
let external: Synthesized;
beforeAll(() => {
  withoutConsole = synth({ console: 'false' });
  external = synth({ ...OIDC, consoleGeoAllowlist: 'CN,HK', consoleWebAclArn: WEB_ACL });
}, 120_000);

const types = (t: Json) => Object.values(t.Resources as Record<string, { Type: string }>).map((r) => r.Type);

describe('-c console=false', () => {
  it('builds no distribution, console bucket, deployment or CORS', () => {
    for (const t of [withoutConsole.statefulJson, withoutConsole.statelessJson]) {
      expect(types(t).filter((x) => x.startsWith('AWS::CloudFront::'))).toEqual([]);
      expect(types(t)).not.toContain('Custom::CDKBucketDeployment');
    }
    // The access-log and evidence buckets, nothing else.
    expect(resourcesOf(withoutConsole.statefulJson, 'AWS::S3::Bucket')).toHaveLength(2);
    // No browser origin to let upload evidence, so no CORS on the evidence bucket either.
    const evidence = withoutConsole.stateful.resolve(
      (withoutConsole.stateful.evidenceBucket.node.defaultChild as s3.CfnBucket).corsConfiguration,
    );
    expect(evidence).toBeUndefined();
    const [[, api]] = resourcesOf(withoutConsole.statelessJson, 'AWS::ApiGatewayV2::Api') as [[string, Json]];
    expect(api.Properties.CorsConfiguration).toBeUndefined();
    expect(withoutConsole.statefulJson.Outputs.ConsoleUrl).toBeUndefined();
  });

  it('keeps the Cognito client without any OAuth grant or hosted sign-in domain', () => {
    const [[, client]] = resourcesOf(withoutConsole.statefulJson, 'AWS::Cognito::UserPoolClient') as [
      [string, Json],
    ];
    expect(client.Properties.AllowedOAuthFlowsUserPoolClient ?? false).toBe(false);
    expect(client.Properties.AllowedOAuthFlows).toBeUndefined();
    expect(client.Properties.CallbackURLs).toBeUndefined();
    expect(types(withoutConsole.statefulJson)).not.toContain('AWS::Cognito::UserPoolDomain');
  });

  it('still gives the tenancy service its pool', () => {
    const tenancy = resourcesOf(withoutConsole.statelessJson, 'AWS::Lambda::Function').filter(
      ([, f]) => f.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME === 'tenancy',
    );
    expect(tenancy.length).toBeGreaterThan(0);
    for (const [, f] of tenancy) expect(f.Properties.Environment.Variables.USER_POOL_ID).toBeDefined();
    expect(cognitoStatements(withoutConsole.statelessJson)).toHaveLength(tenancy.length);
  });
});

describe('the console with an external OIDC issuer', () => {
  it('writes config.json with that issuer and its audience as the client id, and makes no Cognito', () => {
    const deployments = resourcesOf(external.statelessJson, 'Custom::CDKBucketDeployment').filter(
      ([, d]) => d.Properties.Prune === true,
    );
    expect(deployments).toHaveLength(1);
    const config = deployedConfig(external.app.outdir, deployments[0]![1]);
    expect(config).toMatchObject({ auth: 'oidc', issuer: OIDC.oidcIssuer, clientId: OIDC.oidcAudience });
    expect(config.apiUrl).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^HttpApi/), 'ApiEndpoint'] });
    expect(types(external.statefulJson).filter((x) => x.startsWith('AWS::Cognito::'))).toEqual([]);
  });

  it('attaches the given web ACL and serves the given countries', () => {
    const [[, d]] = resourcesOf(external.statefulJson, 'AWS::CloudFront::Distribution') as [[string, Json]];
    expect(d.Properties.DistributionConfig.WebACLId).toBe(WEB_ACL);
    expect(d.Properties.DistributionConfig.Restrictions.GeoRestriction.Locations).toEqual(['CN', 'HK']);
    // With a web ACL there is nothing left to acknowledge for AwsSolutions-CFR2.
    const acknowledged = external.stateful
      .consoleHosting!.distribution.node.metadata.filter(
        (m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY,
      )
      .flatMap((m) => Object.keys(m.data as object));
    expect(acknowledged.some((id) => id.endsWith('AwsSolutions-CFR2'))).toBe(false);
    expect(acknowledged.some((id) => id.endsWith('AwsSolutions-CFR4'))).toBe(true);
  });
});

describe('ConsoleDeployment', () => {
  const deploy = (webDist: string) => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new Stack(app, 'Probe');
    const construct = new ConsoleDeployment(stack, 'Console', {
      bucket: new s3.Bucket(stack, 'Bucket'),
      webDist,
      config: {
        auth: 'oidc',
        issuer: 'https://idp.example.com',
        clientId: 'c',
        apiUrl: 'https://api.example.com',
      },
      logRetention: logs.RetentionDays.ONE_WEEK,
      logRemovalPolicy: RemovalPolicy.DESTROY,
    });
    return { app, stack, construct, template: Template.fromStack(stack) };
  };

  it('deploys the built console when packages/web/dist has an index.html, without a warning', () => {
    const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'zuofeng-dist-'));
    fs.mkdirSync(path.join(dist, 'assets'));
    fs.writeFileSync(
      path.join(dist, 'index.html'),
      '<script type="module" src="/console/assets/a.js"></script>',
    );
    fs.writeFileSync(path.join(dist, 'assets', 'a.js'), 'console.log(1)');
    const { app, stack, construct, template } = deploy(dist);
    expect(construct.built).toBe(true);
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('placeholder'))).toEqual([]);
    const [[, assets]] = Object.entries(template.findResources('Custom::CDKBucketDeployment')).filter(
      ([, d]) => d.Properties.Prune === false,
    ) as [[string, Json]];
    const staged = stagedAsset(app.outdir, assets.Properties.SourceObjectKeys[0]);
    expect(fs.readFileSync(path.join(staged, 'assets', 'a.js'), 'utf8')).toBe('console.log(1)');
    expect(fs.readFileSync(path.join(staged, 'index.html'), 'utf8')).toContain('/console/assets/a.js');
  });

  it('deploys a placeholder page and warns (not fails) when the console was not built', () => {
    const { app, stack, construct, template } = deploy(path.join(os.tmpdir(), 'zuofeng-never-built'));
    expect(construct.built).toBe(false);
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('placeholder'))).toHaveLength(
      1,
    );
    expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
    const [[, appDeployment]] = Object.entries(template.findResources('Custom::CDKBucketDeployment')).filter(
      ([, d]) => d.Properties.Prune === true,
    ) as [[string, Json]];
    const staged = stagedAsset(app.outdir, appDeployment.Properties.SourceObjectKeys[0]);
    expect(fs.readdirSync(staged)).toEqual(['index.html']);
    expect(fs.readFileSync(path.join(staged, 'index.html'), 'utf8')).toMatch(/not built/);
  });
});

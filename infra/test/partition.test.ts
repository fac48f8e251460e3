import { App } from 'aws-cdk-lib';
import { readDeploymentConfig } from '../src/config';
import { cognitoStatements, resourcesOf, type Synthesized, synth } from './synth';

const OIDC = { oidcIssuer: 'https://idp.example.cn', oidcAudience: 'zuofeng' };

let cn: Synthesized;
beforeAll(() => {
  cn = synth({ region: 'cn-north-1', ...OIDC });
}, 120_000);

describe('China (aws-cn partition, cn-north-1)', () => {
  it('synthesizes both stacks for cn-north-1 without a single arn:aws: literal', () => {
    expect(cn.stateful.region).toBe('cn-north-1');
    expect(cn.stateless.region).toBe('cn-north-1');
    for (const t of [cn.statefulJson, cn.statelessJson]) {
      expect(Object.keys(t.Resources).length).toBeGreaterThan(10);
      expect(JSON.stringify(t)).not.toContain('arn:aws:');
    }
  });

  it('has no Cognito: the JWT authorizer trusts the configured OIDC issuer and audience', () => {
    for (const t of [cn.statefulJson, cn.statelessJson]) {
      expect(
        Object.values(t.Resources).filter((r) =>
          String((r as { Type: string }).Type).startsWith('AWS::Cognito::'),
        ),
      ).toEqual([]);
    }
    cn.statelessTemplate.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      JwtConfiguration: { Issuer: OIDC.oidcIssuer, Audience: [OIDC.oidcAudience] },
    });
  });

  it('hosts no console by default: CloudFront there needs an ICP-filed domain and has no Origin Access Control', () => {
    expect(cn.stateful.consoleHosting).toBeUndefined();
    for (const t of [cn.statefulJson, cn.statelessJson]) {
      const types = Object.values(t.Resources as Record<string, { Type: string }>).map((r) => r.Type);
      expect(
        types.filter((x) => x.startsWith('AWS::CloudFront::') || x === 'Custom::CDKBucketDeployment'),
      ).toEqual([]);
    }
    const apis = resourcesOf(cn.statelessJson, 'AWS::ApiGatewayV2::Api');
    expect(apis).toHaveLength(1);
    expect(apis[0]![1].Properties.CorsConfiguration).toBeUndefined();
  });

  it('tells the account-managing service that accounts live in the external issuer, and grants it no Cognito', () => {
    const fns = resourcesOf(cn.statelessJson, 'AWS::Lambda::Function').filter(
      ([, f]) => f.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME === 'tenancy',
    );
    expect(fns.length).toBeGreaterThan(0);
    for (const [, f] of fns) {
      expect(f.Properties.Environment.Variables).toMatchObject({ IDENTITY_DIRECTORY: 'external' });
      expect(f.Properties.Environment.Variables.USER_POOL_ID).toBeUndefined();
    }
    expect(cognitoStatements(cn.statelessJson)).toEqual([]);
  });

  it('still runs every function on nodejs24.x arm64', () => {
    const fns = resourcesOf(cn.statelessJson, 'AWS::Lambda::Function');
    expect(fns.length).toBeGreaterThan(0);
    for (const [, f] of fns)
      expect(f.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'] });
  });
});

describe('deployment context', () => {
  const read = (context: Record<string, string>) => readDeploymentConfig(new App({ context }).node);

  it('defaults to an environment-agnostic dev stage with Cognito and the console served to China', () => {
    expect(read({})).toEqual({
      stage: 'dev',
      oidc: undefined,
      consoleHosting: { geoAllowlist: ['CN'], webAclArn: undefined, authDomainPrefix: undefined },
      region: undefined,
      account: undefined,
    });
  });

  it('reads the console settings: on by default, off with console=false and in China regions', () => {
    expect(read({ console: 'false' }).consoleHosting).toBeUndefined();
    expect(read({ region: 'cn-north-1', ...OIDC }).consoleHosting).toBeUndefined();
    expect(read({ region: 'eu-west-1', console: 'true' }).consoleHosting).toBeDefined();
    const webAclArn = 'arn:aws-cn:wafv2:us-east-1:123456789012:global/webacl/zuofeng/abc-123';
    expect(
      read({ consoleGeoAllowlist: 'cn, hk', consoleWebAclArn: webAclArn, cognitoDomainPrefix: 'zf-staff' })
        .consoleHosting,
    ).toEqual({ geoAllowlist: ['CN', 'HK'], webAclArn, authDomainPrefix: 'zf-staff' });
  });

  it('passes OIDC claim names through for non-Cognito issuers', () => {
    expect(read({ ...OIDC, oidcTenantClaim: 'tenant', oidcGroupsClaim: 'groups' }).oidc).toEqual({
      issuer: OIDC.oidcIssuer,
      audience: OIDC.oidcAudience,
      tenantClaim: 'tenant',
      groupsClaim: 'groups',
    });
  });

  it("takes the residents' public origin as an https origin only", () => {
    expect(read({}).publicBaseUrl).toBeUndefined();
    expect(read({ publicBaseUrl: 'https://PJ.example.gov.cn/' }).publicBaseUrl).toBe(
      'https://pj.example.gov.cn',
    );
    expect(() => read({ publicBaseUrl: 'http://pj.example.gov.cn' })).toThrow(/https origin/);
    expect(() => read({ publicBaseUrl: 'https://pj.example.gov.cn/f/' })).toThrow(/https origin/);
    expect(() => read({ publicBaseUrl: 'pj.example.gov.cn' })).toThrow(/must be a URL/);
  });

  it('refuses what would deploy something unintended', () => {
    expect(() => read({ stage: 'staging' })).toThrow(/dev or prod/);
    expect(() => read({ oidcIssuer: OIDC.oidcIssuer })).toThrow(/go together/);
    expect(() => read({ oidcIssuer: 'http://idp', oidcAudience: 'x' })).toThrow(/https/);
    expect(() => read({ region: 'cn-northwest-1' })).toThrow(/no Cognito/);
    expect(() => read({ region: 'cn-north-1', ...OIDC, console: 'true' })).toThrow(/ICP-filed/);
    expect(() => read({ console: 'yes' })).toThrow(/true or false/);
    expect(() => read({ consoleGeoAllowlist: 'China' })).toThrow(/alpha-2/);
    // A regional web ACL cannot be attached to CloudFront.
    expect(() =>
      read({ consoleWebAclArn: 'arn:aws-cn:wafv2:eu-west-1:123456789012:regional/webacl/zuofeng/abc' }),
    ).toThrow(/us-east-1 global/);
    expect(() => read({ cognitoDomainPrefix: 'zuofeng-cognito' })).toThrow(/without aws\/amazon\/cognito/);
    expect(() => read({ cognitoDomainPrefix: 'Zuofeng' })).toThrow(/lower-case/);
  });
});

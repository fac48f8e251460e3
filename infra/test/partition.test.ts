import { App } from 'aws-cdk-lib';
import { readDeploymentConfig } from '../src/config';
import { resourcesOf, type Synthesized, synth } from './synth';

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

  it('still runs every function on nodejs24.x arm64', () => {
    const fns = resourcesOf(cn.statelessJson, 'AWS::Lambda::Function');
    expect(fns.length).toBeGreaterThan(0);
    for (const [, f] of fns)
      expect(f.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'] });
  });
});

describe('deployment context', () => {
  const read = (context: Record<string, string>) => readDeploymentConfig(new App({ context }).node);

  it('defaults to an environment-agnostic dev stage with Cognito', () => {
    expect(read({})).toEqual({ stage: 'dev', oidc: undefined, region: undefined, account: undefined });
  });

  it('passes OIDC claim names through for non-Cognito issuers', () => {
    expect(read({ ...OIDC, oidcTenantClaim: 'tenant', oidcGroupsClaim: 'groups' }).oidc).toEqual({
      issuer: OIDC.oidcIssuer,
      audience: OIDC.oidcAudience,
      tenantClaim: 'tenant',
      groupsClaim: 'groups',
    });
  });

  it('refuses what would deploy something unintended', () => {
    expect(() => read({ stage: 'staging' })).toThrow(/dev or prod/);
    expect(() => read({ oidcIssuer: OIDC.oidcIssuer })).toThrow(/go together/);
    expect(() => read({ oidcIssuer: 'http://idp', oidcAudience: 'x' })).toThrow(/https/);
    expect(() => read({ region: 'cn-northwest-1' })).toThrow(/no Cognito/);
  });
});

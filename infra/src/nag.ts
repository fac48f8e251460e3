import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Acknowledge one cdk-nag finding on a construct and everything below it, with the reason written down.
 * cdk-nag v3 reads these from CDK's own `Validations` metadata (v2's `NagSuppressions` is gone). A finding
 * that carries detail (`AwsSolutions-IAM5[Resource::*]`) must be acknowledged by its full id, which keeps
 * each acknowledgment as narrow as the finding itself.
 */
export function acknowledge(scope: IConstruct, id: `AwsSolutions-${string}`, reason: string): void {
  // A reason is evidence for a reviewer: refuse the empty or one-word kind.
  if (reason.trim().split(/\s+/).length < 6) {
    throw new Error(`acknowledging ${id} on ${scope.node.path} needs a real reason, got "${reason}"`);
  }
  Validations.of(scope).acknowledge({ id, reason });
}

/**
 * A value as cdk-nag writes it in a finding's detail (its `flattenCfnReference`): `Ref` → `<X>`, `Fn::GetAtt`
 * → `<X.Attr>`, `Fn::ImportValue` → the export's name, `Fn::Join`/`Fn::Sub` spelled out. With it, the
 * acknowledgment of a wildcard resource such as `<bucket ARN>/*` names that resource, whatever the
 * environment, instead of a copy of today's rendering.
 */
export function nagRendering(scope: IConstruct, value: string): string {
  const visit = (node: unknown): string => {
    if (node === undefined) return '';
    if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/\}/g, '>');
    const n = node as Record<string, unknown>;
    if (n['Fn::Join']) {
      const [delimiter, items] = n['Fn::Join'] as [string, unknown[]];
      return items.map(visit).join(delimiter);
    }
    if (n['Fn::Sub']) return visit(n['Fn::Sub']);
    if (n['Fn::GetAtt']) {
      const [resource, attribute] = n['Fn::GetAtt'] as [unknown, unknown];
      return `<${visit(resource)}.${visit(attribute)}>`;
    }
    if (n['Fn::ImportValue']) return visit(n['Fn::ImportValue']);
    if (n.Ref) return `<${visit(n.Ref)}>`;
    return JSON.stringify(node);
  };
  return visit(Stack.of(scope).resolve(value));
}

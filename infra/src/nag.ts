import { Validations } from 'aws-cdk-lib';
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

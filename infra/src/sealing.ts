import type { SealingUse } from '@zuofeng/manifest';
import type { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { type Stage, TAG } from './config';

/** What a function needs to use the sealing key: its ARN, and the tag its role must carry. */
export interface SealingKeyRef {
  readonly keyArn: string;
  /** The key policy lets a principal encrypt and decrypt only while it carries this tag (key and value). */
  readonly principalTag: { readonly key: string; readonly value: string };
}

/** The only actions the key's users get: sealing is KMS Encrypt and Decrypt on small values. */
export const SEALING_ACTIONS = ['kms:Encrypt', 'kms:Decrypt'] as const;

/** The KMS actions of each use of the key (packages/manifest SealingUse); the key policy allows no more. */
export const SEALING_USE_ACTIONS = {
  seal: ['kms:Encrypt'],
  open: ['kms:Decrypt'],
  'seal-and-open': [...SEALING_ACTIONS],
} as const satisfies Record<SealingUse, readonly (typeof SEALING_ACTIONS)[number][]>;

/**
 * What the account (through IAM, e.g. the CloudFormation deployment role) may do to the key: manage, describe,
 * rotate, tag, alias and schedule its deletion. Not Encrypt, Decrypt, ReEncrypt or GenerateDataKey, and not
 * CreateGrant (a grant would hand out decrypt outside this policy): `kms:Create*` is spelled as CreateAlias.
 */
export const SEALING_KEY_ADMIN_ACTIONS = [
  'kms:CancelKeyDeletion',
  'kms:CreateAlias',
  'kms:Delete*',
  'kms:Describe*',
  'kms:Disable*',
  'kms:Enable*',
  'kms:Get*',
  'kms:List*',
  'kms:Put*',
  'kms:Revoke*',
  'kms:RotateKeyOnDemand',
  'kms:ScheduleKeyDeletion',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:Update*',
] as const;

export interface SealingKeyProps {
  readonly stage: Stage;
  readonly removalPolicy: RemovalPolicy;
  /** How long a deleted key can still be recovered (7 to 30 days). */
  readonly pendingWindow: Duration;
}

/**
 * The customer-managed key that seals reporters' identities and residents' phone numbers (`sealing` in a
 * service manifest). Rotated yearly by KMS; old ciphertexts still decrypt. Its key policy replaces CDK's
 * default (account root: `kms:*`):
 * - the account may administer the key through IAM, but not use it;
 * - the account's principals may Encrypt and Decrypt only when they carry the principal tag
 *   `zuofeng:sealing=<stage>`, which ZuofengFunction.bindSealingKey puts on the roles of the sealing services'
 *   functions, alongside an IAM statement naming this key. A role with `kms:*` on `*` in its IAM policy (an
 *   operator, another function) still cannot decrypt.
 * Whoever may change the key policy (kms:PutKeyPolicy) or tag roles can still give themselves access: that
 * takes a change CloudTrail records, not a standing permission.
 */
export class SealingKey extends Construct implements SealingKeyRef {
  readonly key: kms.Key;
  readonly alias: kms.Alias;
  readonly keyArn: string;
  readonly principalTag: { readonly key: string; readonly value: string };

  constructor(scope: Construct, id: string, props: SealingKeyProps) {
    super(scope, id);
    this.principalTag = { key: TAG.sealing, value: props.stage };
    const account = new iam.AccountRootPrincipal();
    const policy = new iam.PolicyDocument({
      statements: [
        new iam.PolicyStatement({
          sid: 'AdministerThroughIam',
          principals: [account],
          actions: [...SEALING_KEY_ADMIN_ACTIONS],
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          sid: 'SealOnlyWithTheSealingTag',
          principals: [account],
          actions: [...SEALING_ACTIONS],
          resources: ['*'],
          conditions: {
            StringEquals: { [`aws:PrincipalTag/${this.principalTag.key}`]: this.principalTag.value },
          },
        }),
      ],
    });
    this.key = new kms.Key(this, 'Key', {
      description: `zuofeng ${props.stage}: seals reporters' identities and residents' phone numbers`,
      // Yearly, KMS's default period (a custom period is left out: fewer properties to differ between partitions).
      enableKeyRotation: true,
      policy,
      pendingWindow: props.pendingWindow,
      removalPolicy: props.removalPolicy,
    });
    this.alias = new kms.Alias(this, 'Alias', {
      aliasName: `alias/zuofeng-${props.stage}-sealing`,
      targetKey: this.key,
      removalPolicy: props.removalPolicy,
    });
    this.keyArn = this.key.keyArn;
  }
}

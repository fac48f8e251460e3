import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Role } from '@zuofeng/core';

/** A sign-in account as the identity provider sees it. */
export interface DirectoryUser {
  username: string;
  tenantId: string;
  accountId: string;
  roles: Role[];
  name: string;
}

/**
 * The identity provider behind the accounts. Cognito on AWS (invites by e-mail or SMS, disables sign-in);
 * the local identity provider on `npm start` (the username record holds a password hash); `external` for an
 * OIDC issuer that is managed elsewhere (China regions), where only zuofeng's own records change.
 */
export interface IdentityDirectory {
  readonly kind: 'cognito' | 'local' | 'external';
  /** Local only: the temporary password and its hash, stored on the username record in the same transaction. */
  credentials(): { temporaryPassword?: string; passwordHash?: string };
  /** After the records commit: create the user in the provider. */
  provision(user: DirectoryUser): Promise<void>;
  setEnabled(username: string, enabled: boolean): Promise<void>;
}

export interface TenancyDeps {
  doc: DynamoDBDocumentClient;
  tableName: string;
  directory: IdentityDirectory;
  now: () => Date;
}

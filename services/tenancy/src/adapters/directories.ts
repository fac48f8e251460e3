import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { hashPassword, temporaryPassword } from '@zuofeng/core';
import type { IdentityDirectory } from '../app/deps';

/**
 * Cognito: the user is created with `custom:tenantId` (writable by admins only) and one group per role;
 * Cognito sends the invitation with a temporary password. Disabling blocks sign-in.
 */
export function cognitoDirectory(
  client: CognitoIdentityProviderClient,
  userPoolId: string,
): IdentityDirectory {
  return {
    kind: 'cognito',
    credentials: () => ({}),
    async provision(user) {
      await client.send(
        new AdminCreateUserCommand({
          UserPoolId: userPoolId,
          Username: user.username,
          UserAttributes: [
            { Name: 'custom:tenantId', Value: user.tenantId },
            { Name: 'name', Value: user.name },
          ],
          DesiredDeliveryMediums: ['EMAIL'],
        }),
      );
      for (const role of user.roles) {
        await client.send(
          new AdminAddUserToGroupCommand({
            UserPoolId: userPoolId,
            Username: user.username,
            GroupName: role,
          }),
        );
      }
    },
    async setEnabled(username, enabled) {
      await client.send(
        enabled
          ? new AdminEnableUserCommand({ UserPoolId: userPoolId, Username: username })
          : new AdminDisableUserCommand({ UserPoolId: userPoolId, Username: username }),
      );
    },
  };
}

/**
 * The local identity provider of `npm start`: the username record is the user, so creating it in the same
 * transaction (with a password hash) is all there is; status changes are written there too.
 */
export const localDirectory = (): IdentityDirectory => ({
  kind: 'local',
  credentials() {
    const password = temporaryPassword();
    return { temporaryPassword: password, passwordHash: hashPassword(password) };
  },
  provision: async () => {},
  setEnabled: async () => {},
});

/** An external OIDC issuer (China regions): its users are managed there; zuofeng keeps its own records. */
export const externalDirectory = (): IdentityDirectory => ({
  kind: 'external',
  credentials: () => ({}),
  provision: async () => {},
  setEnabled: async () => {},
});

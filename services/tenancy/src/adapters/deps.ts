import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { readConfig } from '@zuofeng/core';
import { createDocumentClient } from '@zuofeng/ddb';
import { z } from 'zod';
import type { TenancyDeps } from '../app/deps';
import { cognitoDirectory, externalDirectory, localDirectory } from './directories';

const config = readConfig(
  z.object({
    TABLE_NAME: z.string().min(1),
    /** Set by CDK when a Cognito pool exists. */
    USER_POOL_ID: z.string().min(1).optional(),
    /** `local` in the local runtime, `external` with an OIDC issuer managed elsewhere. */
    IDENTITY_DIRECTORY: z.enum(['cognito', 'local', 'external']).optional(),
  }),
);

function directory() {
  if (config.USER_POOL_ID)
    return cognitoDirectory(new CognitoIdentityProviderClient({}), config.USER_POOL_ID);
  if (config.IDENTITY_DIRECTORY === 'local') return localDirectory();
  return externalDirectory();
}

/** The composition root of the tenancy service. */
export const deps: TenancyDeps = {
  doc: createDocumentClient(),
  tableName: config.TABLE_NAME,
  directory: directory(),
  now: () => new Date(),
};

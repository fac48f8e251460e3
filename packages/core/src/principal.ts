import { z } from 'zod';

/** Roles, as groups in the identity provider (Cognito groups or any OIDC `groups` claim). */
export const Role = z.enum([
  'county_admin',
  'township_admin',
  'discipline_office',
  'inspection_office',
  'leader',
  'cadre',
]);
export type Role = z.infer<typeof Role>;

export const COUNTY_ROLES: readonly Role[] = ['county_admin'];

/** The verified caller. Built only from the JWT claims that the authorizer (or the local runtime) verified. */
export interface Principal {
  userId: string;
  /** The tenant: a township id for township staff, the county id for county staff. */
  tenantId: string;
  roles: Role[];
  name?: string;
  /** The sign-in name (`cognito:username` or `username`), which leads to the account and its person. */
  username?: string;
}

export const isCountyPrincipal = (p: Principal): boolean => p.roles.some((r) => COUNTY_ROLES.includes(r));

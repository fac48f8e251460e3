import { tenantPk } from './keys';

/**
 * Keys of the records that several services read: the tenant's profile, its units and the platform's tenant
 * registry. Each service keeps its own records' keys beside its adapters.
 */
export const sharedKeys = {
  /** A tenant's profile: name, kind (county or township), parent county, status. */
  profile: (tenantId: string) => ({ pk: tenantPk(tenantId), sk: 'PROFILE' }),
  /** A unit of a township: village, office or station. */
  unit: (tenantId: string, unitId: string) => ({ pk: tenantPk(tenantId), sk: `UNIT#${unitId}` }),
  unitsPrefix: (tenantId: string) => ({ pk: tenantPk(tenantId), skPrefix: 'UNIT#' }),
  /**
   * The registry of tenants, in the reserved `platform` tenant: the one list that system jobs (the county
   * snapshot) may walk. It holds names and parents only, never a tenant's records.
   */
  registry: () => ({ pk: tenantPk(PLATFORM_TENANT, 'TENANTS') }),
  registryEntry: (tenantId: string) => ({ pk: tenantPk(PLATFORM_TENANT, 'TENANTS'), sk: tenantId }),
  /**
   * A sign-in name, unique across the deployment: which tenant and account it belongs to. The local identity
   * provider signs in from it (with `passwordHash`); on AWS it only guards uniqueness.
   */
  username: (username: string) => ({ pk: tenantPk(PLATFORM_TENANT, 'USERNAME'), sk: username }),
};

export interface UsernameRecord {
  username: string;
  tenantId: string;
  accountId: string;
  roles: string[];
  status: 'invited' | 'active' | 'disabled';
  name: string;
  /** Local identity provider only. */
  passwordHash?: string;
}

export const PLATFORM_TENANT = 'platform';

export interface TenantProfile {
  tenantId: string;
  name: string;
  tenantType: 'county' | 'township';
  /** The county a township belongs to. */
  countyId?: string;
  status: 'active' | 'suspended';
  /** The township's short code (`twp-<code>`). */
  code?: string;
  createdAt?: string;
}

export interface UnitRecord {
  unitId: string;
  name: string;
  unitType: 'village' | 'office' | 'station';
}

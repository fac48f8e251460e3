import { tenantPk } from '@zuofeng/ddb';

export const tenancyKeys = {
  settings: (t: string) => ({ pk: tenantPk(t), sk: 'SETTINGS' }),
  people: (t: string) => tenantPk(t, 'PERSON'),
  person: (t: string, personId: string) => ({ pk: tenantPk(t, 'PERSON'), sk: personId }),
  peopleOfUnit: (t: string, unitId: string) => tenantPk(t, 'UNIT', unitId, 'PERSON'),
  accounts: (t: string) => tenantPk(t, 'ACCOUNT'),
  account: (t: string, accountId: string) => ({ pk: tenantPk(t, 'ACCOUNT'), sk: accountId }),
  applications: (countyId: string) => tenantPk(countyId, 'APPLICATION'),
  application: (countyId: string, id: string) => ({ pk: tenantPk(countyId, 'APPLICATION'), sk: id }),
  /** The county's list of its townships. */
  countyTownships: (countyId: string) => tenantPk(countyId, 'TOWNSHIPS'),
  countyTownship: (countyId: string, townshipId: string) => ({
    pk: tenantPk(countyId, 'TOWNSHIPS'),
    sk: townshipId,
  }),
};

/** Strip the table's keys and type marker from an item before it leaves the service. */
export function stripKeys<T extends Record<string, unknown>>(
  item: T,
): Omit<T, 'pk' | 'sk' | 'gsi1pk' | 'gsi1sk' | 'kind'> {
  const { pk: _a, sk: _b, gsi1pk: _c, gsi1sk: _d, kind: _e, ...rest } = item;
  return rest;
}

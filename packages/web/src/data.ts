import type { ApiClient } from './api';
import type { PeoplePage, Person, Unit } from './types';

export const loadUnits = async (api: ApiClient): Promise<Unit[]> =>
  (await api.get<{ items: Unit[] }>('/units')).items;

/** Every person of the township (for pickers), page by page; a township has hundreds, not millions. */
export async function loadAllPeople(api: ApiClient, maxPages = 20): Promise<Person[]> {
  const all: Person[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < maxPages; i++) {
    const page = await api.get<PeoplePage>('/people', { limit: 200, cursor });
    all.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return all;
}

export const byId = <T, K extends keyof T>(items: readonly T[] | undefined, key: K): Map<T[K], T> =>
  new Map((items ?? []).map((x) => [x[key], x]));

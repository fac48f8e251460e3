import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { isCalendarDay, type Overrides } from '../domain/working-days';
import type { IntakeDeps } from './deps';
import { intakeKeys } from './keys';

/**
 * The parts of a township's settings intake acts on (the tenancy service owns and validates them: Settings in
 * services/tenancy/src/contract.ts, stored at `T#<tenantId>` / `SETTINGS`).
 */
export interface IntakeSettings {
  aspects: { id: string; name: string }[];
  warnBeforeWorkingDays: number;
  superviseAfterWorkingDays: number;
  /** Days a public problem submitted for sign-off waits for the resident's re-rating (回访等待期). */
  followUpWindowDays: number;
  calendarOverrides: Overrides;
}

/**
 * What a township without its own settings item (or with a field missing) gets: the tenancy service's
 * defaults (defaultSettings in services/tenancy/src/domain/org.ts).
 */
export const DEFAULT_SETTINGS: Omit<IntakeSettings, 'aspects'> = {
  warnBeforeWorkingDays: 3,
  superviseAfterWorkingDays: 5,
  followUpWindowDays: 15,
  calendarOverrides: [],
};

const num = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);

/** Read a township's settings, each missing field falling back to the tenancy default. */
export async function readSettings(deps: IntakeDeps, tenantId: string): Promise<IntakeSettings> {
  const item = (
    await deps.doc.send(new GetCommand({ TableName: deps.tableName, Key: intakeKeys.settings(tenantId) }))
  ).Item;
  const deadlines = (item?.deadlines ?? {}) as Record<string, unknown>;
  return {
    aspects: (item?.aspects as IntakeSettings['aspects'] | undefined) ?? [],
    warnBeforeWorkingDays: num(deadlines.warnBeforeWorkingDays, DEFAULT_SETTINGS.warnBeforeWorkingDays),
    superviseAfterWorkingDays: num(
      deadlines.superviseAfterWorkingDays,
      DEFAULT_SETTINGS.superviseAfterWorkingDays,
    ),
    followUpWindowDays: num(deadlines.followUpWindowDays, DEFAULT_SETTINGS.followUpWindowDays),
    // Tenancy refuses a day that does not exist; one stored before it did is skipped, not thrown on (it would
    // stop every deadline count of the township).
    calendarOverrides: (
      (item?.calendarOverrides as Overrides | undefined) ?? DEFAULT_SETTINGS.calendarOverrides
    ).filter((o) => typeof o?.date === 'string' && isCalendarDay(o.date)),
  };
}

/** When the follow-up window of a sign-off round submitted at `submittedAt` (ISO) ends (ISO). */
export const followUpEnd = (submittedAt: string, days: number) =>
  new Date(Date.parse(submittedAt) + days * 86400_000).toISOString();

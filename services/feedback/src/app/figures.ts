import { satisfactionFigures } from '@zuofeng/assessment/src/app/satisfaction';
import { figuresOf, SATISFACTION_FORMULA } from '@zuofeng/assessment/src/domain/satisfaction';
import type { FeedbackDeps } from './deps';
import { unitsOf } from './links';

/**
 * The caller's township's satisfaction figures, per unit and in total, with the units' names. The counters
 * are assessment's read model (kept from `feedback.submitted`); this only reads and labels them. A unit with
 * no feedback yet is listed with zeros, so the console shows every unit.
 */
export async function townshipFigures(deps: FeedbackDeps, t: string) {
  const [figures, units] = await Promise.all([satisfactionFigures(deps, t), unitsOf(deps, t)]);
  const byUnit = new Map(figures.units.map((u) => [u.unitId, u]));
  const names = new Map(units.map((u) => [u.unitId, u.name]));
  const ids = [...new Set([...units.map((u) => u.unitId), ...byUnit.keys()])];
  return {
    formula: SATISFACTION_FORMULA,
    township: figures.township,
    units: ids.map((unitId) => ({
      ...(byUnit.get(unitId) ?? { unitId, ...figuresOf(undefined) }),
      unitName: names.get(unitId) ?? '',
    })),
  };
}

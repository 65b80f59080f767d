import { ValidationError } from '../../shared/errors';
import type { ReachKind, RolloutStage } from '../model';

const REACH_ORDER: readonly ReachKind[] = ['members', 'departments', 'company'];
const MAX_NAME_LENGTH = 32;

/**
 * A rollout plan as support staff or config give it. Each stage must reach further than the one
 * before: two stages with the same reach could not be told apart in agent/get, so the first would
 * be skipped. Unknown keys are dropped.
 */
export function validatePlan(stages: unknown): RolloutStage[] {
  if (!Array.isArray(stages)) throw new ValidationError('stages', 'type', 'stages must be a list');
  if (stages.length === 0)
    throw new ValidationError('stages', 'min_stages', 'a plan needs at least one stage');
  return stages.map((raw: unknown, i) => {
    const field = `stages[${i}]`;
    if (typeof raw !== 'object' || raw === null) {
      throw new ValidationError(field, 'type', `${field} must be an object`);
    }
    const { name, reach, waitMinutes } = raw as Record<string, unknown>;
    if (typeof name !== 'string' || !name.trim() || name.trim().length > MAX_NAME_LENGTH) {
      throw new ValidationError(
        `${field}.name`,
        'name',
        `${field}.name must be 1–${MAX_NAME_LENGTH} characters (e.g. "试点 Pilot")`,
      );
    }
    if (!REACH_ORDER.includes(reach as ReachKind)) {
      throw new ValidationError(
        `${field}.reach`,
        'one_of',
        `${field}.reach must be one of ${REACH_ORDER.join(', ')}`,
      );
    }
    if (typeof waitMinutes !== 'number' || !Number.isInteger(waitMinutes) || waitMinutes < 0) {
      throw new ValidationError(`${field}.waitMinutes`, 'min', `${field}.waitMinutes must be an integer ≥ 0`);
    }
    const previous = i > 0 ? (stages[i - 1] as { reach?: unknown }).reach : undefined;
    if (
      previous !== undefined &&
      REACH_ORDER.indexOf(reach as ReachKind) <= REACH_ORDER.indexOf(previous as ReachKind)
    ) {
      throw new ValidationError(
        `${field}.reach`,
        'reach_order',
        `${field}.reach must reach further than the stage before (members → departments → company)`,
      );
    }
    return { name: name.trim(), reach: reach as ReachKind, waitMinutes };
  });
}

import { z } from 'zod';
import { bodyInput, parseBody, withRule } from '../input';
import { LOCALES, type Locale } from '../../shared/locale';
import type { ReachKind, RolloutStage } from '../model';

const REACH_ORDER = ['members', 'departments', 'company'] as const satisfies readonly ReachKind[];
const MAX_NAME_LENGTH = 32;

const NAME = `name must be 1–${MAX_NAME_LENGTH} characters (e.g. "试点")`;
const LOCALE_NAME = `each of names must be 1–${MAX_NAME_LENGTH} characters (e.g. { "en": "Pilot" })`;
const BY = 'by must be 1–64 characters';

const name = (message: string) =>
  withRule(z.string({ error: message }).trim().min(1, message).max(MAX_NAME_LENGTH, message), 'name');

/** A name per locale, for texts read in one language; a key that is no locale is refused, not dropped. */
const stageNames = z
  .strictObject(
    Object.fromEntries(LOCALES.map((l) => [l, name(LOCALE_NAME).optional()])) as Record<
      Locale,
      z.ZodOptional<z.ZodString>
    >,
    { error: `names must be an object of ${LOCALES.join(', ')}` },
  )
  .meta({ description: `the stage's name per locale (${LOCALES.join(', ')}); name where one is missing` });

const stage = z.object(
  {
    name: name(NAME),
    names: stageNames.optional(),
    reach: z.enum(REACH_ORDER, { error: `reach must be one of ${REACH_ORDER.join(', ')}` }),
    waitMinutes: withRule(
      z
        .number({ error: 'waitMinutes must be an integer ≥ 0' })
        .int()
        .min(0, 'waitMinutes must be an integer ≥ 0'),
      'min',
    ),
  },
  { error: 'a stage must be an object' },
);

/**
 * A rollout plan as support staff or config give it. Each stage must reach further than the one
 * before: two stages with the same reach could not be told apart in agent/get, so the first would
 * be skipped. Unknown keys of a stage are dropped.
 */
export const rolloutPlan = withRule(
  z.array(stage, { error: 'stages must be a list' }).min(1, 'a plan needs at least one stage'),
  { too_small: 'min_stages' },
).superRefine((stages, ctx) => {
  for (let i = 1; i < stages.length; i++) {
    if (REACH_ORDER.indexOf(stages[i]!.reach) <= REACH_ORDER.indexOf(stages[i - 1]!.reach)) {
      ctx.addIssue({
        code: 'custom',
        path: [i, 'reach'],
        params: { rule: 'reach_order' },
        message: 'reach must reach further than the stage before (members → departments → company)',
      });
      return;
    }
  }
});

/** Who acts through the admin API, when a body names a person: `{ "by": "alice" }`. */
const actor = withRule(z.string({ error: BY }).trim().min(1, BY).max(64, BY), 'name').meta({
  description: 'the person acting, kept in the history as support:<by>',
});

/** `POST …/rollout/pause|resume|restart`. */
export const rolloutActionBody = bodyInput(z.strictObject({ by: actor.optional() }));

/** `PUT …/rollout/plan`. */
export const rolloutPlanBody = bodyInput(z.strictObject({ stages: rolloutPlan, by: actor.optional() }));

export function validatePlan(stages: unknown): RolloutStage[] {
  return parseBody(z.object({ stages: rolloutPlan }), { stages }).stages;
}

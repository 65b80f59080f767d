import { Schema, type Connection, type Model } from 'mongoose';
import type { ReachKind, Rollout, RolloutAnswer, RolloutStage, RolloutState } from '../../../domain/model';
import {
  collectionOptions,
  embeddedOptions,
  historyEntrySchema,
  leaseSchema,
  visibilitySchema,
} from './shared-schemas';
import { LOCALES } from '../../../shared/locale';

/** Stored as the domain shape. */
export type RolloutDoc = Rollout;

const REACH_KINDS: readonly ReachKind[] = ['members', 'departments', 'company'];
const ROLLOUT_STATES: readonly RolloutState[] = ['active', 'paused', 'completed', 'cancelled', 'escalated'];

/** One optional name per locale; a schema of its own so that a stage without names stores none. */
const stageNamesSchema = new Schema<NonNullable<RolloutStage['names']>>(
  Object.fromEntries(LOCALES.map((locale) => [locale, String])),
  embeddedOptions,
);

const stageSchema = new Schema<RolloutStage>(
  {
    name: { type: String, required: true },
    names: { type: stageNamesSchema, default: undefined },
    reach: { type: String, enum: REACH_KINDS, required: true },
    waitMinutes: { type: Number, required: true, min: 0 },
  },
  embeddedOptions,
);

const answerSchema = new Schema<RolloutAnswer>(
  {
    question: { type: Number, required: true, min: 0 },
    action: { type: String, enum: ['widened', 'later', 'pause'], required: true },
    card: { type: String, enum: ['enabled', 'reminder'], required: true },
    by: { type: String, required: true },
    at: { type: Date, required: true },
  },
  embeddedOptions,
);

export const rolloutSchema = new Schema<RolloutDoc>(
  {
    suiteId: { type: String, required: true },
    corpId: { type: String, required: true },
    plan: { type: [stageSchema], required: true },
    stageIndex: { type: Number, required: true, min: -1 },
    state: { type: String, enum: ROLLOUT_STATES, required: true },
    nextReminderAt: Date,
    unanswered: { type: Number, required: true, min: 0 },
    remindersSent: { type: Number, required: true, min: 0 },
    actual: visibilitySchema,
    actualObservedAt: Date,
    lastAnswer: answerSchema,
    round: { type: Number, min: 0 },
    lease: leaseSchema,
    history: { type: [historyEntrySchema], required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  collectionOptions,
);
// One rollout per app.
rolloutSchema.index({ suiteId: 1, corpId: 1 }, { unique: true });
// Reminder claims: active ones, due first (with _id, the claim's full sort order).
rolloutSchema.index({ state: 1, nextReminderAt: 1, _id: 1 });
// One enterprise's rollouts (diagnosis, support lists).
rolloutSchema.index({ corpId: 1 });

export const ROLLOUT_MODEL = 'Rollout';

export function rolloutModel(connection: Connection): Model<RolloutDoc> {
  return (
    (connection.models[ROLLOUT_MODEL] as Model<RolloutDoc> | undefined) ??
    connection.model<RolloutDoc>(ROLLOUT_MODEL, rolloutSchema, 'rollouts')
  );
}

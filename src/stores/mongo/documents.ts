import type { Types } from 'mongoose';
import type { HistoryEntry } from '../../domain/model';

/** A lean document as the domain sees it: the same fields, without _id. */
export function fromDoc<T>(doc: T & { _id?: Types.ObjectId }): T {
  const copy = { ...doc };
  delete copy._id;
  return copy;
}

/** Values for an update pipeline's $set, taken literally (a string starting with $ is not a path). */
export function literals(fields: Record<string, unknown>): Record<string, { $literal: unknown }> {
  return Object.fromEntries(
    Object.entries(fields)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, { $literal: v }]),
  );
}

/**
 * A domain patch as $set and $unset: a key given as `undefined` clears the field (the store
 * contract), and a key left out stays as it is.
 */
export function patchUpdate(patch: object): { $set: Record<string, unknown>; $unset: Record<string, 1> } {
  const $set: Record<string, unknown> = {};
  const $unset: Record<string, 1> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) $unset[key] = 1;
    else $set[key] = value;
  }
  return { $set, $unset };
}

/** Drops keys whose value is undefined, so an insert stores no nulls for absent fields. */
export function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** A patch, the time and an optional history entry as one update (for records that keep a history). */
export function changeUpdate(patch: object, now: Date, entry: HistoryEntry | undefined) {
  const { $set, $unset } = patchUpdate(patch);
  $set.updatedAt = now;
  return { $set, $unset, ...(entry ? { $push: { history: defined(entry) } } : {}) };
}

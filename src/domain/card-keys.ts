/**
 * Every button key the bot puts on a template card, encoded and parsed in this one module: the
 * cards are built with these and the click handler reads them back, so the two cannot drift.
 */

/** What an admin answers on a permission card. */
export type PermissionAnswer = 'approve' | 'decline';

import type { RolloutCard } from './model';

/** What an admin answers on a rollout reminder card (or on the enabled card: Pilot set, Remind me later). */
export type RolloutAction = 'widened' | 'later' | 'pause';

/** A rollout button: the answer, and the card it was on (each card greys out in its own words). */
export type RolloutKey = { card: 'rollout'; action: RolloutAction; source: RolloutCard };

export type CardKey = { card: 'permission'; answer: PermissionAnswer; requestId: string } | RolloutKey;

const PERMISSION_ANSWERS: readonly string[] = ['approve', 'decline'] satisfies PermissionAnswer[];
const ROLLOUT_ACTIONS: readonly string[] = ['widened', 'later', 'pause'] satisfies RolloutAction[];

/** `perm:approve:<requestId>` or `perm:decline:<requestId>`. */
export function permissionKey(answer: PermissionAnswer, requestId: string): string {
  return `perm:${answer}:${requestId}`;
}

/**
 * `roll:<action>:<suiteId>:<corpId>`. The ids make every key of a card unique to its app; the
 * click handler takes the app from the callback itself.
 */
export function rolloutButtonKey(action: RolloutAction, suiteId: string, corpId: string): string {
  return `roll:${action}:${suiteId}:${corpId}`;
}

/** The enabled card's two buttons: they answer the rollout's first question. */
export const ENABLED_KEYS = {
  pilotSet: 'enabled:pilot_set',
  remindLater: 'enabled:remind_later',
} as const;

/** What a clicked key asks for; undefined for a key the bot never wrote. */
export function parseCardKey(key: string): CardKey | undefined {
  if (key === ENABLED_KEYS.pilotSet) return { card: 'rollout', action: 'widened', source: 'enabled' };
  if (key === ENABLED_KEYS.remindLater) return { card: 'rollout', action: 'later', source: 'enabled' };
  const [prefix, action, ...rest] = key.split(':');
  if (prefix === 'perm' && PERMISSION_ANSWERS.includes(action!) && rest.length > 0) {
    return { card: 'permission', answer: action as PermissionAnswer, requestId: rest.join(':') };
  }
  if (prefix === 'roll' && ROLLOUT_ACTIONS.includes(action!)) {
    return { card: 'rollout', action: action as RolloutAction, source: 'reminder' };
  }
  return undefined;
}

/** What an admin answers on a rollout reminder card (or on the enabled card: Pilot set, Remind me later). */
export type RolloutAction = 'widened' | 'later' | 'pause';

/**
 * The card button's EventKey: `roll:<action>:<suiteId>:<corpId>`. The ids make every key of a
 * card unique to its app; the click handler takes the app from the callback itself.
 */
export function rolloutButtonKey(action: RolloutAction, suiteId: string, corpId: string): string {
  return `roll:${action}:${suiteId}:${corpId}`;
}

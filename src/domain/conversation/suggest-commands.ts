import type { ActiveEnterprise } from '../enterprise/context';
import type { PermissionRequest, Rollout } from '../model';
import { helpfulReply, type Received } from './conversation-texts';

export interface SuggestCommandsDeps {
  permissions: {
    list(filter: { suiteId: string; corpId: string; state: 'pending' }): Promise<PermissionRequest[]>;
  };
  rollout: { get(suiteId: string, corpId: string): Promise<Rollout | undefined> };
}

/**
 * The reply to a message the bot cannot read: the commands that apply now for this enterprise.
 * Only an admin can answer a request or resume the rollout, so a member hears 状态 and 帮助 alone.
 */
export function createSuggestCommands(deps: SuggestCommandsDeps) {
  return async function suggestCommands(
    fromUser: string,
    received: Received,
    e: ActiveEnterprise,
  ): Promise<string> {
    if (!e.auth.admins.includes(fromUser))
      return helpfulReply(received, { requests: 0, paused: false }, e.locale);
    const { suiteId, corpId } = e;
    const [pending, rollout] = await Promise.all([
      deps.permissions.list({ suiteId, corpId, state: 'pending' }),
      deps.rollout.get(suiteId, corpId),
    ]);
    return helpfulReply(
      received,
      { requests: pending.length, paused: rollout?.state === 'paused' },
      e.locale,
    );
  };
}

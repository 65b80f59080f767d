import type { ActiveEnterprise } from '../enterprise/context';
import type { Rollout } from '../model';
import { formatLocal } from '../rollout/zoned-time';
import { conversationWords, notPausedReply } from './conversation-texts';

export interface ResumeInChatDeps {
  rollout: {
    get(suiteId: string, corpId: string): Promise<Rollout | undefined>;
    /** The rollout's own resume, as support uses it: due again within working hours. */
    resume(suiteId: string, corpId: string, by: string): Promise<Rollout>;
  };
}

/**
 * An admin's 恢复: turns paused reminders back on, recorded as by him. Only a paused rollout: an
 * escalated one waits for support, who know why it stopped. Returns the reply.
 */
export function createResumeInChat(deps: ResumeInChatDeps) {
  return async function resumeInChat(fromUser: string, e: ActiveEnterprise): Promise<string> {
    const words = conversationWords(e.locale);
    if (!e.auth.admins.includes(fromUser)) return words.resumeNotAdmin;
    const r = await deps.rollout.get(e.suiteId, e.corpId);
    if (r?.state !== 'paused') return notPausedReply(r?.state, e.locale);
    const resumed = await deps.rollout.resume(e.suiteId, e.corpId, fromUser);
    e.log.info({ by: fromUser }, 'rollout resumed in chat');
    return words.resumed(formatLocal(resumed.nextReminderAt!, e.timeZone));
  };
}

import { textMessage } from '../wecom-messages';
import type { Logger } from '../../shared/logger';
import type { PermissionAnswer } from '../card-keys';
import { isActive, type EnterpriseContext } from '../enterprise/context';
import type { Outbox } from '../ports';
import { conversationWords, type MediaKind } from './conversation-texts';
import { parseCommand } from './parse-command';
import { createResumeInChat, type ResumeInChatDeps } from './resume-in-chat';
import { createSuggestCommands, type SuggestCommandsDeps } from './suggest-commands';

/** What an admin sent: text with its content, or an image, voice note, … of which the bot reads nothing. */
export type MessageInput = { fromUser: string; msgId: string } & ({ content: string } | { media: MediaKind });

/** Lines of the admin's 状态 reply, in the enterprise's language. */
interface Describer {
  statusFor(enterprise: EnterpriseContext): Promise<string[]>;
}

export interface ConversationDeps {
  outbox: Outbox;
  logger: Logger;
  lifecycle: Describer;
  permissions: Describer &
    SuggestCommandsDeps['permissions'] & {
      onTextAnswer(
        answer: PermissionAnswer,
        text: { fromUser: string; msgId?: string },
        enterprise: EnterpriseContext,
      ): Promise<void>;
      showPendingCard(
        text: { fromUser: string; msgId?: string },
        enterprise: EnterpriseContext,
      ): Promise<boolean>;
    };
  rollout: Describer & ResumeInChatDeps['rollout'];
}

/** Admins' messages to the app: help, status, 恢复, answers to the latest permission request. */
export function createConversationService(deps: ConversationDeps) {
  const log = deps.logger.child({ name: 'conversation' });
  const suggestCommands = createSuggestCommands(deps);
  const resumeInChat = createResumeInChat(deps);

  /** One reply per inbound message: the key is its MsgId, so a redelivered callback is answered once. */
  async function reply(input: MessageInput, e: EnterpriseContext, content: string): Promise<void> {
    await deps.outbox.enqueue({
      // Joined rather than a template: one flat string, where a template's pieces would stay alive
      // for as long as the queued reply (V8 cons strings).
      dedupeKey: ['reply', e.suiteId, e.corpId, input.msgId].join(':'),
      channel: 'app',
      suiteId: e.suiteId,
      corpId: e.corpId,
      toUser: input.fromUser,
      topic: 'text_reply',
      payload: textMessage(input.fromUser, content),
    });
  }

  async function onMessage(input: MessageInput, e: EnterpriseContext): Promise<void> {
    if (!isActive(e)) {
      log.info({ suiteId: e.suiteId, corpId: e.corpId }, 'message from a cancelled authorization ignored');
      return;
    }
    const command = 'content' in input ? parseCommand(input.content) : 'unknown';
    const received = 'content' in input ? { text: input.content } : { media: input.media };
    switch (command) {
      case 'help':
        return reply(input, e, conversationWords(e.locale).help);
      case 'status': {
        const lines = [
          ...(await deps.lifecycle.statusFor(e)),
          ...(await deps.permissions.statusFor(e)),
          ...(await deps.rollout.statusFor(e)),
        ];
        return reply(input, e, lines.join('\n') || conversationWords(e.locale).nothingYet);
      }
      case 'approve':
      case 'decline':
        return deps.permissions.onTextAnswer(command, input, e);
      case 'resume':
        return reply(input, e, await resumeInChat(input.fromUser, e));
      case 'unclear':
        if (await deps.permissions.showPendingCard(input, e)) return;
        return reply(input, e, await suggestCommands(input.fromUser, received, e));
      case 'unknown':
        return reply(input, e, await suggestCommands(input.fromUser, received, e));
    }
  }

  return { onMessage };
}

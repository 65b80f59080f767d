import { textMessage } from '../wecom-messages';
import type { Logger } from '../../shared/logger';
import type { PermissionAnswer } from '../card-keys';
import { isActive, type EnterpriseContext } from '../enterprise/context';
import type { Outbox } from '../ports';
import { parseCommand } from './parse-command';

export interface TextMessageInput {
  fromUser: string;
  msgId: string;
  content: string;
}

interface Describer {
  describe(suiteId: string, corpId: string): Promise<string[]>;
}

export interface ConversationDeps {
  outbox: Outbox;
  logger: Logger;
  lifecycle: Describer;
  permissions: Describer & {
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
  rollout: Describer;
}

export const HELP_TEXT = [
  '我可以帮您 / I can help with:',
  '· 状态 / status — 应用状态、待确认的权限申请、推广进度 / app status, pending permission requests, rollout stage',
  '· 同意 / approve — 同意等待确认的权限申请 / approve the permission request waiting for you',
  '· 暂不授权 / not now — 暂不同意该申请 / decline it for now',
  '· 帮助 / help — 显示本说明 / show this help',
].join('\n');

/** Admins' text messages to the app: help, status, and answers to the latest permission request. */
export function createConversationService(deps: ConversationDeps) {
  const log = deps.logger.child({ name: 'conversation' });

  async function reply(input: TextMessageInput, e: EnterpriseContext, content: string): Promise<void> {
    await deps.outbox.enqueue({
      dedupeKey: `reply:${e.suiteId}:${e.corpId}:${input.msgId}`,
      channel: 'app',
      suiteId: e.suiteId,
      corpId: e.corpId,
      toUser: input.fromUser,
      topic: 'text_reply',
      payload: textMessage(input.fromUser, content),
    });
  }

  async function onText(input: TextMessageInput, e: EnterpriseContext): Promise<void> {
    if (!isActive(e)) {
      log.info({ suiteId: e.suiteId, corpId: e.corpId }, 'text from a cancelled authorization ignored');
      return;
    }
    const command = parseCommand(input.content);
    switch (command) {
      case 'help':
        return reply(input, e, HELP_TEXT);
      case 'status': {
        const lines = [
          ...(await deps.lifecycle.describe(e.suiteId, e.corpId)),
          ...(await deps.permissions.describe(e.suiteId, e.corpId)),
          ...(await deps.rollout.describe(e.suiteId, e.corpId)),
        ];
        return reply(input, e, lines.join('\n') || '暂无记录 / Nothing recorded yet.');
      }
      case 'approve':
      case 'decline':
        return deps.permissions.onTextAnswer(command, input, e);
      case 'unclear':
        if (await deps.permissions.showPendingCard(input, e)) return;
        return reply(input, e, HELP_TEXT);
      default:
        return reply(
          input,
          e,
          `没有理解「${input.content.slice(0, 40)}」。发送「帮助」查看可用指令。\nSorry, I did not understand. Send "help".`,
        );
    }
  }

  return { onText };
}

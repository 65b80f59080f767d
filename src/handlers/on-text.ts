import type { Handler } from '../events/dispatcher';
import type { createConversationService } from '../domain/conversation/conversation-service';

export const onText =
  (conversation: ReturnType<typeof createConversationService>): Handler<'text'> =>
  async ({ event }) => {
    await conversation.onText({
      suiteId: event.suiteId,
      corpId: event.corpId,
      fromUser: event.fromUser,
      msgId: event.msgId,
      content: event.content,
    });
  };

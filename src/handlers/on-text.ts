import type { Handler } from '../events/dispatcher';
import type { createConversationService } from '../domain/conversation/conversation-service';

export const onText =
  (conversation: ReturnType<typeof createConversationService>): Handler<'text'> =>
  async ({ event, enterprise }) => {
    await conversation.onMessage(
      { fromUser: event.fromUser, msgId: event.msgId, content: event.content },
      await enterprise(),
    );
  };

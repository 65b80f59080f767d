import type { Handler } from '../events/dispatcher';
import type { MediaMessageKind } from '../events/types';
import type { createConversationService } from '../domain/conversation/conversation-service';

/** An image, voice note, video, location or link: the conversation answers with what can be typed. */
export const onMediaMessage =
  (conversation: ReturnType<typeof createConversationService>): Handler<MediaMessageKind> =>
  async ({ event, enterprise }) => {
    await conversation.onMessage(
      { fromUser: event.fromUser, msgId: event.msgId, media: event.kind },
      await enterprise(),
    );
  };

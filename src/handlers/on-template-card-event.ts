import type { Handler } from '../events/dispatcher';
import { parseCardKey, type PermissionAnswer, type RolloutKey } from '../domain/card-keys';
import type { CardClick } from '../domain/card-answer';
import type { EnterpriseContext } from '../domain/enterprise/context';

export interface CardActionTargets {
  permissions: {
    onCardAction(
      answer: PermissionAnswer,
      requestId: string,
      click: CardClick,
      ctx: EnterpriseContext,
    ): Promise<void>;
  };
  rollout: { onCardAction(key: RolloutKey, click: CardClick, ctx: EnterpriseContext): Promise<void> };
}

/** Routes a button click by its EventKey (domain/card-keys.ts) to the question it answers. */
export const onTemplateCardEvent =
  (targets: CardActionTargets): Handler<'template_card_event'> =>
  async ({ event, log, enterprise }) => {
    const click: CardClick = { fromUser: event.fromUser, responseCode: event.responseCode };
    const key = parseCardKey(event.eventKey);
    if (key?.card === 'permission') {
      return targets.permissions.onCardAction(key.answer, key.requestId, click, await enterprise());
    }
    if (key?.card === 'rollout') return targets.rollout.onCardAction(key, click, await enterprise());
    // The inbox key is already on the logger as eventKey: the card's own key gets its own name.
    log.warn({ cardKey: event.eventKey }, 'card event with an unknown key');
  };

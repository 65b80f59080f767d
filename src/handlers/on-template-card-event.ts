import type { Handler } from '../events/dispatcher';
import { ENABLED_KEYS } from '../domain/lifecycle/enabled-card';

export interface CardActionContext {
  suiteId: string;
  corpId: string;
  fromUser: string;
  responseCode: string;
}

export interface CardActionTargets {
  permissions: {
    onCardAction(action: 'approve' | 'decline', requestId: string, ctx: CardActionContext): Promise<void>;
  };
  rollout: { onCardAction(action: 'widened' | 'later' | 'pause', ctx: CardActionContext): Promise<void> };
}

/** Routes a button click by its EventKey: `perm:<action>:<requestId>`, `roll:<action>:…`, `enabled:<action>`. */
export const onTemplateCardEvent =
  (targets: CardActionTargets): Handler<'template_card_event'> =>
  async ({ event, log }) => {
    const ctx: CardActionContext = {
      suiteId: event.suiteId,
      corpId: event.corpId,
      fromUser: event.fromUser,
      responseCode: event.responseCode,
    };
    const [domain, action, ...rest] = event.eventKey.split(':');
    if (domain === 'perm' && (action === 'approve' || action === 'decline') && rest.length > 0) {
      return targets.permissions.onCardAction(action, rest.join(':'), ctx);
    }
    if (domain === 'roll' && (action === 'widened' || action === 'later' || action === 'pause')) {
      return targets.rollout.onCardAction(action, ctx);
    }
    if (event.eventKey === ENABLED_KEYS.pilotSet) return targets.rollout.onCardAction('widened', ctx);
    if (event.eventKey === ENABLED_KEYS.remindLater) return targets.rollout.onCardAction('later', ctx);
    log.warn({ eventKey: event.eventKey }, 'card event with an unknown key');
  };

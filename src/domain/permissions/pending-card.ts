import type { Clock } from '../../shared/clock';
import { replyTo } from '../card-answer';
import { isActive, type EnterpriseContext } from '../enterprise/context';
import type { PermissionRequest } from '../model';
import type { Outbox } from '../ports';
import type { PermissionRequestStore, Stores } from '../ports/stores';
import { replaceButtons } from '../wecom-messages';
import type { Catalogue } from './catalogue';
import { permissionCard, PURPOSES_TOPIC, purposesText } from './permission-card';
import type { PermissionTexts } from './permission-texts';
import { cardsOf, PERMISSION_CARD_TOPIC, REPLY_TOPIC } from './request-cards';

export interface PendingCardDeps {
  stores: Pick<Stores, 'permissionRequests' | 'apps' | 'outbox'>;
  outbox: Outbox;
  clock: Clock;
  catalogue: Catalogue;
  texts: PermissionTexts;
}

/** An admin's text that came with a message id: one card (or reply) per message, however often delivered. */
export interface UnclearAnswer {
  fromUser: string;
  msgId?: string;
}

/** The app's one pending request, or how many are pending when that is not one. */
export async function onePending(
  requests: Pick<PermissionRequestStore, 'list'>,
  suiteId: string,
  corpId: string,
): Promise<{ request?: PermissionRequest; count: number }> {
  const pending = await requests.list({ suiteId, corpId, state: 'pending' });
  return { request: pending.length === 1 ? pending[0] : undefined, count: pending.length };
}

/**
 * Words near an answer (OK, 好的, 👍) decide nothing: the admin gets the pending request's card
 * again, a fresh one with its buttons, and his earlier card of it stops taking taps (one live card
 * per admin, the one the outcome later greys out). False when nothing is pending for him.
 */
export function createPendingCard(deps: PendingCardDeps) {
  const { stores } = deps;

  return async function showPendingCard(
    text: UnclearAnswer,
    enterprise: EnterpriseContext,
  ): Promise<boolean> {
    if (!isActive(enterprise)) return false;
    const { suiteId, corpId } = enterprise;
    const { fromUser } = text;
    const { request, count } = await onePending(stores.permissionRequests, suiteId, corpId);
    if (count === 0) return false;
    const earlier = request ? await cardsOf(stores, request.id) : [];
    const mine = earlier.filter((c) => c.toUser === fromUser);
    if (!enterprise.auth.admins.includes(fromUser) && mine.length === 0) return false;
    const words = deps.texts.in(enterprise.locale);
    const messageKey = `${suiteId}:${corpId}:${text.msgId ?? `${fromUser}:${deps.clock.now().getTime()}`}`;
    if (!request) {
      await replyTo(deps.outbox, {
        suiteId,
        corpId,
        toUser: fromUser,
        text: words.manyPending(count),
        dedupeKey: `perm:reply:${messageKey}`,
        topic: REPLY_TOPIC,
      });
      return true;
    }
    for (const card of mine) {
      if (card.status === 'failed' || card.status === 'cancelled') continue;
      await deps.outbox.enqueue({
        dedupeKey: `${card.dedupeKey}:sent_again`,
        channel: 'app_card_update',
        suiteId,
        corpId,
        toUser: fromUser,
        topic: 'permission_card_update',
        ref: request.id,
        payload: replaceButtons({
          userIds: [fromUser],
          responseCodeFrom: card.id,
          replaceName: words.sentAgain,
        }),
      });
    }
    const app = await stores.apps.get(suiteId, corpId);
    const dedupeKey = `perm:${request.id}:again:${messageKey}`;
    const appName = app?.name ?? suiteId;
    await deps.outbox.enqueue({
      dedupeKey,
      channel: 'app',
      suiteId,
      corpId,
      toUser: fromUser,
      topic: PERMISSION_CARD_TOPIC,
      ref: request.id,
      payload: permissionCard({
        toUser: fromUser,
        request,
        appName,
        catalogue: deps.catalogue,
        dedupeKey,
        locale: enterprise.locale,
      }),
    });
    await replyTo(deps.outbox, {
      suiteId,
      corpId,
      toUser: fromUser,
      text: purposesText({ request, appName, catalogue: deps.catalogue, locale: enterprise.locale }),
      dedupeKey: `${dedupeKey}:purposes`,
      topic: PURPOSES_TOPIC,
    });
    enterprise.log.info({ requestId: request.id, fromUser }, 'unclear answer: card sent again');
    return true;
  };
}

export type ShowPendingCard = ReturnType<typeof createPendingCard>;

import type { Clock } from '../../shared/clock';
import type { EnterpriseContext } from '../enterprise/context';
import type { GrantEvidence, PermissionRequest } from '../model';
import type { Outbox, SupportAlerts } from '../ports';
import type { Stores } from '../ports/stores';
import { replyTo } from '../card-answer';
import { alertWords } from '../support/alert-words';
import type { PermissionTexts } from './permission-texts';
import { closeCards, REPLY_TOPIC } from './request-cards';

export interface GrantRequestDeps {
  stores: Pick<Stores, 'permissionRequests' | 'apps' | 'outbox'>;
  outbox: Outbox;
  alerts: SupportAlerts;
  clock: Clock;
  texts: PermissionTexts;
}

/**
 * On evidence from WeCom (or support's word): the request becomes granted, the app's permissions
 * follow, every admin's card says 已生效 and the admins are thanked. Undefined when it was not
 * pending or declined any more (someone else recorded the outcome first).
 */
export type GrantRequest = (
  request: PermissionRequest,
  enterprise: EnterpriseContext,
  evidence: Pick<GrantEvidence, 'kind' | 'by' | 'detail'>,
) => Promise<PermissionRequest | undefined>;

export function createGrantRequest(deps: GrantRequestDeps): GrantRequest {
  const { stores, clock, texts } = deps;
  const requests = stores.permissionRequests;

  return async function grant(request, enterprise, evidence) {
    const now = clock.now();
    const { settled, request: after } = await requests.settle(request.id, {
      to: 'granted',
      from: ['pending', 'declined'],
      at: now,
      evidence: { ...evidence, at: now },
      entry: {
        at: now,
        what: 'granted',
        by: evidence.by,
        detail: [evidence.kind, evidence.detail].filter(Boolean).join(': '),
      },
    });
    if (!settled || !after) return undefined;
    const { suiteId, corpId } = after;
    // A newer granted request already set the app's permissions: an older one must not undo them.
    const granted = await requests.list({ suiteId, corpId, state: 'granted' });
    if (!granted.some((r) => r.createdAt.getTime() > after.createdAt.getTime())) {
      const app = await stores.apps.update(suiteId, corpId, { effectivePermissions: after.requested }, now);
      if (!app) enterprise.log.warn({ requestId: after.id, corpId }, 'granted for an app that is gone');
    }
    // A declined request's cards already show 暂不授权 (their response codes are spent): no further card.
    if (request.state === 'pending') await closeCards(deps, after, 'granted', enterprise.locale);
    // Thanks go to admins who said yes or said nothing; after a not-now there is nothing to thank for.
    if (request.state === 'pending' && after.answer?.answer !== 'not_now') {
      for (const admin of enterprise.auth?.admins ?? []) {
        await replyTo(deps.outbox, {
          suiteId,
          corpId,
          toUser: admin,
          text: texts.in(enterprise.locale).granted(after),
          dedupeKey: `perm:${after.id}:thanks:${admin}`,
          topic: REPLY_TOPIC,
        });
      }
    }
    const { locale } = deps.alerts;
    const w = alertWords(locale).granted;
    await deps.alerts.alert({
      dedupeKey: `perm:${after.id}:granted`,
      title: w.title,
      lines: [
        w.permissions(texts.in(locale).names(after.requested)),
        w.evidence(
          `${w.kind[evidence.kind]}${evidence.by ? ` (${evidence.by})` : ''}${evidence.detail ? ` — ${evidence.detail}` : ''}`,
        ),
      ],
      corpId,
      corpName: enterprise.auth?.corpName,
      suiteId: after.suiteId,
      severity: 'info',
    });
    enterprise.log.info({ requestId: after.id, corpId, evidence: evidence.kind }, 'granted');
    return after;
  };
}

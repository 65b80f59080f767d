import type { OutboxMessage, PermissionRequest } from '../../model';
import { PERMISSION_CARD_TOPIC } from '../../permissions/permission-service';
import { formatLocal } from '../../rollout/zoned-time';
import { type EnterpriseRule, finding } from '../diagnosis-types';
import { elapsed } from '../elapsed';
import { ACTIONS } from './actions';
import { activeApps } from './active-apps';
import { DIAGNOSIS_LIMITS } from './limits';

/**
 * A pending request nobody answered for days. Every 暂不授权 before it raised it again, so
 * raisedCount − 1 not-nows came first; whoever said them will not be the one to say yes.
 */
export const permissionUnanswered: EnterpriseRule = (f) =>
  activeApps(f).flatMap(({ auth, app }) => {
    const pending = f.requests.find((r) => r.suiteId === app.suiteId && r.state === 'pending');
    // An answered one waits for WeCom, not for an admin: permission_not_in_effect covers it.
    if (!pending || pending.answer) return [];
    const waited = f.now.getTime() - pending.createdAt.getTime();
    if (waited < DIAGNOSIS_LIMITS.permissionUnansweredMs) return [];
    const notNows = pending.raisedCount - 1;
    const decliners = new Set(
      f.requests
        .filter((r) => r.suiteId === app.suiteId && r.state === 'declined' && r.answer)
        .map((r) => r.answer!.by),
    );
    const others = auth.admins.filter((a) => !decliners.has(a));
    const card = cardToResend(f.messages, pending, others);
    const d = elapsed(waited);
    return [
      finding({
        rule: 'permission_unanswered',
        key: `permission_unanswered:${pending.id}`,
        severity: 'warning',
        needsPerson: true,
        corpId: app.corpId,
        suiteId: app.suiteId,
        cause:
          `权限申请 ${d.zh}无人答复` +
          (notNows > 0 ? `，此前 ${notNows} 次暂不授权` : '') +
          ` / Permission request unanswered for ${d.en}` +
          (notNows > 0 ? `, after ${notNows} “not now” answer${notNows === 1 ? '' : 's'}` : ''),
        actor: 'support',
        nextStep: unansweredStep(auth.admins, others, decliners),
        ...(card
          ? {
              action: ACTIONS.resend(
                card.id,
                `重发卡片给 ${card.toUser} / Resend the card to ${card.toUser}`,
              ),
            }
          : {}),
        since: pending.createdAt,
        evidence: [
          `申请 / requested: ${pending.requested.join(', ')}`,
          `提出 / filed: ${formatLocal(pending.createdAt, f.timeZone)} (${pending.filedBy})`,
          `已询问 / raised: ${pending.raisedCount} 次 / times`,
          `管理员 / admins: ${auth.admins.join(', ') || '—'}`,
          ...(decliners.size ? [`暂不授权 / said not now: ${[...decliners].join(', ')}`] : []),
        ],
      }),
    ];
  });

function unansweredStep(
  admins: readonly string[],
  others: readonly string[],
  decliners: Set<string>,
): string {
  if (decliners.size > 0 && others.length > 0) {
    return `请另一位管理员（${others.join('、')}）处理，或电话联系 / Ask another admin (${others.join(', ')}), or call them.`;
  }
  if (admins.length > 1) {
    return `电话联系管理员（${admins.join('、')}），或重发卡片 / Call the admins (${admins.join(', ')}), or resend the card.`;
  }
  return (
    `只有一位管理员${admins[0] ? `（${admins[0]}）` : ''}：电话联系，或请企业再设一位应用管理员 / ` +
    'Only one admin: call them, or ask the enterprise to add another app admin.'
  );
}

/** The card to send again: the latest one to an admin who did not say not-now, else the latest. */
function cardToResend(
  messages: readonly OutboxMessage[],
  request: PermissionRequest,
  others: readonly string[],
): OutboxMessage | undefined {
  const cards = messages.filter(
    (m) => m.ref === request.id && m.topic === PERMISSION_CARD_TOPIC && m.channel === 'app',
  );
  return cards.find((m) => m.toUser && others.includes(m.toUser)) ?? cards[0];
}

/** The last answer was not-now and the follow-ups ran out: a person has to talk to the enterprise. */
export const permissionDeclined: EnterpriseRule = (f) =>
  activeApps(f).flatMap(({ app }) => {
    const latest = f.requests.find((r) => r.suiteId === app.suiteId);
    if (latest?.state !== 'declined' || latest.nextActionAt) return [];
    return [
      finding({
        rule: 'permission_declined',
        key: `permission_declined:${latest.id}`,
        severity: 'warning',
        needsPerson: true,
        corpId: app.corpId,
        suiteId: app.suiteId,
        cause:
          `管理员 ${latest.answer?.by ?? '—'} 暂不授权，已询问 ${latest.raisedCount} 次，不再自动询问 / ` +
          `${latest.answer?.by ?? 'The admin'} said not now; asked ${latest.raisedCount} times, no more automatic follow-ups`,
        actor: 'support',
        nextStep:
          '与企业沟通为什么需要这些权限；对方同意后重新申请 / Talk to the enterprise about why the app needs them; file again once they agree.',
        action: ACTIONS.fileRequest(app.suiteId, app.corpId, latest.requested),
        since: latest.answer?.at ?? latest.updatedAt,
        evidence: [
          `申请 / requested: ${latest.requested.join(', ')}`,
          `保持 / kept: ${latest.previous.join(', ') || '—'}`,
        ],
      }),
    ];
  });

/** Approved on the bot's card, but WeCom still shows it not granted (48002, get_permissions). */
export const permissionNotInEffect: EnterpriseRule = (f) =>
  activeApps(f).flatMap(({ app }) => {
    const latest = f.requests.find((r) => r.suiteId === app.suiteId && r.state !== 'superseded');
    if (latest?.state !== 'pending' || latest.answer?.answer !== 'approve') return [];
    if (!latest.history.some((h) => h.what === 'not_granted' || h.what === 'reminded')) return [];
    return [
      finding({
        rule: 'permission_not_in_effect',
        key: `permission_not_in_effect:${latest.id}`,
        severity: 'warning',
        needsPerson: true,
        corpId: app.corpId,
        suiteId: app.suiteId,
        cause:
          '管理员在聊天中已同意，但企业微信尚未显示授权 / The admin agreed in chat, but WeCom does not show it granted',
        actor: 'enterprise_admin',
        nextStep:
          '请管理员在企业微信的“权限变更”通知中点击同意；并确认服务商后台已保存这次权限变更 / Ask the admin to agree in WeCom’s own permission-change notice, and check the change was saved in the provider console.',
        since: latest.answer.at,
        evidence: [
          `申请 / requested: ${latest.requested.join(', ')}`,
          ...(latest.checkedAt
            ? [`最近检查 / last checked: ${formatLocal(latest.checkedAt, f.timeZone)}`]
            : []),
        ],
      }),
    ];
  });

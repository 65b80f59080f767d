import { wordsFor, type Catalogue } from '../../../shared/locale';
import type { OutboxMessage, PermissionRequest } from '../../model';
import { PERMISSION_CARD_TOPIC } from '../../permissions/permission-service';
import { formatLocal } from '../../rollout/zoned-time';
import { type EnterpriseRule, finding } from '../diagnosis-types';
import { elapsedWords, supportWords } from '../support-words';
import { actions } from './actions';
import { activeApps } from './active-apps';
import { DIAGNOSIS_LIMITS } from './limits';

interface PermissionRuleWords {
  unanswered: (waited: string, notNows: number) => string;
  resendTo: (user: string) => string;
  requested: (ids: string) => string;
  filed: (when: string, by: string) => string;
  raised: (n: number) => string;
  admins: (list: string) => string;
  saidNotNow: (list: string) => string;
  askAnother: (others: string) => string;
  callAdmins: (admins: string) => string;
  onlyOne: (admin: string | undefined) => string;
  declined: (by: string | undefined, raised: number) => string;
  talk: string;
  kept: (ids: string) => string;
  notInEffect: string;
  agreeInWecom: string;
  lastChecked: (when: string) => string;
}

const WORDS: Catalogue<PermissionRuleWords> = {
  'zh-CN': {
    unanswered: (d, n) => `权限申请 ${d}无人答复` + (n > 0 ? `，此前 ${n} 次暂不授权` : ''),
    resendTo: (user) => `重发卡片给 ${user}`,
    requested: (ids) => `申请：${ids}`,
    filed: (when, by) => `提出：${when}（${by}）`,
    raised: (n) => `已询问：${n} 次`,
    admins: (list) => `管理员：${list}`,
    saidNotNow: (list) => `暂不授权：${list}`,
    askAnother: (others) => `请另一位管理员（${others}）处理，或电话联系。`,
    callAdmins: (admins) => `电话联系管理员（${admins}），或重发卡片。`,
    onlyOne: (admin) =>
      `只有一位管理员${admin ? `（${admin}）` : ''}：电话联系，或请企业再设一位应用管理员。`,
    declined: (by, n) => `管理员 ${by ?? '—'} 暂不授权，已询问 ${n} 次，不再自动询问`,
    talk: '与企业沟通为什么需要这些权限；对方同意后重新申请。',
    kept: (ids) => `保持：${ids}`,
    notInEffect: '管理员在聊天中已同意，但企业微信尚未显示授权',
    agreeInWecom: '请管理员在企业微信的“权限变更”通知中点击同意；并确认服务商后台已保存这次权限变更。',
    lastChecked: (when) => `最近检查：${when}`,
  },
  en: {
    unanswered: (d, n) =>
      `Permission request unanswered for ${d}` +
      (n > 0 ? `, after ${n} “not now” answer${n === 1 ? '' : 's'}` : ''),
    resendTo: (user) => `Resend the card to ${user}`,
    requested: (ids) => `requested: ${ids}`,
    filed: (when, by) => `filed: ${when} (${by})`,
    raised: (n) => `raised: ${n} time${n === 1 ? '' : 's'}`,
    admins: (list) => `admins: ${list}`,
    saidNotNow: (list) => `said not now: ${list}`,
    askAnother: (others) => `Ask another admin (${others}), or call them.`,
    callAdmins: (admins) => `Call the admins (${admins}), or resend the card.`,
    onlyOne: (admin) =>
      `Only one admin${admin ? ` (${admin})` : ''}: call them, or ask the enterprise to add another app admin.`,
    declined: (by, n) =>
      `${by ?? 'The admin'} said not now; asked ${n} time${n === 1 ? '' : 's'}, no more automatic follow-ups`,
    talk: 'Talk to the enterprise about why the app needs them; file again once they agree.',
    kept: (ids) => `kept: ${ids}`,
    notInEffect: 'The admin agreed in chat, but WeCom does not show it granted',
    agreeInWecom:
      'Ask the admin to agree in WeCom’s own permission-change notice, and check the change was saved in the provider console.',
    lastChecked: (when) => `last checked: ${when}`,
  },
};

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
    const w = wordsFor(WORDS, f.locale);
    const list = supportWords(f.locale).list;
    return [
      finding(
        {
          rule: 'permission_unanswered',
          key: `permission_unanswered:${pending.id}`,
          severity: 'warning',
          needsPerson: true,
          corpId: app.corpId,
          suiteId: app.suiteId,
          cause: w.unanswered(elapsedWords(waited, f.locale), notNows),
          actor: 'support',
          nextStep: unansweredStep(w, list, auth.admins, others, decliners),
          ...(card ? { action: actions(f.locale).resend(card.id, w.resendTo(card.toUser ?? '—')) } : {}),
          since: pending.createdAt,
          evidence: [
            w.requested(pending.requested.join(', ')),
            w.filed(formatLocal(pending.createdAt, f.timeZone), pending.filedBy),
            w.raised(pending.raisedCount),
            w.admins(auth.admins.join(', ') || '—'),
            ...(decliners.size ? [w.saidNotNow([...decliners].join(', '))] : []),
          ],
        },
        f.locale,
      ),
    ];
  });

function unansweredStep(
  w: PermissionRuleWords,
  list: (items: readonly string[]) => string,
  admins: readonly string[],
  others: readonly string[],
  decliners: Set<string>,
): string {
  if (decliners.size > 0 && others.length > 0) return w.askAnother(list(others));
  if (admins.length > 1) return w.callAdmins(list(admins));
  return w.onlyOne(admins[0]);
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
    const w = wordsFor(WORDS, f.locale);
    return [
      finding(
        {
          rule: 'permission_declined',
          key: `permission_declined:${latest.id}`,
          severity: 'warning',
          needsPerson: true,
          corpId: app.corpId,
          suiteId: app.suiteId,
          cause: w.declined(latest.answer?.by, latest.raisedCount),
          actor: 'support',
          nextStep: w.talk,
          action: actions(f.locale).fileRequest(app.suiteId, app.corpId, latest.requested),
          since: latest.answer?.at ?? latest.updatedAt,
          evidence: [w.requested(latest.requested.join(', ')), w.kept(latest.previous.join(', ') || '—')],
        },
        f.locale,
      ),
    ];
  });

/** Approved on the bot's card, but WeCom still shows it not granted (48002, get_permissions). */
export const permissionNotInEffect: EnterpriseRule = (f) =>
  activeApps(f).flatMap(({ app }) => {
    const latest = f.requests.find((r) => r.suiteId === app.suiteId && r.state !== 'superseded');
    if (latest?.state !== 'pending' || latest.answer?.answer !== 'approve') return [];
    if (!latest.history.some((h) => h.what === 'not_granted' || h.what === 'reminded')) return [];
    const w = wordsFor(WORDS, f.locale);
    return [
      finding(
        {
          rule: 'permission_not_in_effect',
          key: `permission_not_in_effect:${latest.id}`,
          severity: 'warning',
          needsPerson: true,
          corpId: app.corpId,
          suiteId: app.suiteId,
          cause: w.notInEffect,
          actor: 'enterprise_admin',
          nextStep: w.agreeInWecom,
          since: latest.answer.at,
          evidence: [
            w.requested(latest.requested.join(', ')),
            ...(latest.checkedAt ? [w.lastChecked(formatLocal(latest.checkedAt, f.timeZone))] : []),
          ],
        },
        f.locale,
      ),
    ];
  });

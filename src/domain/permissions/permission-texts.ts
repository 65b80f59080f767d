import { type Catalogue as WordCatalogue, type Locale, wordsFor } from '../../shared/locale';
import type { PermissionRequest } from '../model';
import { permissionNames, type Catalogue } from './catalogue';

/** Where the grant really happens; every text that asks for it says it in these words. */
export const CONFIRM_IN_WECOM = '请在企业微信「权限变更」通知中点「同意」';

/** What the bot says to admins about permission requests, one language at a time. */
interface AdminWords {
  approved: (names: string) => string;
  reminder: (names: string) => string;
  granted: (names: string) => string;
  declined: (names: string) => string;
  superseded: string;
  alreadyAnswered: (o: { by: string; at: string; state: string; pending: boolean }) => string;
  state: { pending: string; approvedPending: string; granted: string; declined: string; superseded: string };
  noPending: string;
  manyPending: (count: number) => string;
  notFound: string;
  notAdmin: string;
  cancelled: string;
  /** What a card's buttons become (≤ the replace_name limit). */
  labels: { granted: string; superseded: string; notNow: string; approved: string; sentAgain: string };
  /** The 状态 reply's lines. */
  status: {
    current: (names: string) => string;
    pending: (names: string, state: string) => string;
    last: (names: string, state: string) => string;
  };
}

const CONFIRM_IN_WECOM_EN = 'agree in WeCom’s Permission change notice';

const WORDS: WordCatalogue<AdminWords> = {
  'zh-CN': {
    approved: (n) => `已记录您的同意：${n}。权限尚未生效，${CONFIRM_IN_WECOM}，同意后立即生效。`,
    reminder: (n) => `您已同意 ${n}，但企业微信尚未显示生效。${CONFIRM_IN_WECOM}。`,
    granted: (n) => `${n} 已在企业微信生效，谢谢！`,
    declined: (n) => `已记录：暂不授权 ${n}，应用保持现有权限。`,
    superseded: '这条权限申请已被新的申请取代，请答复最新的卡片。',
    alreadyAnswered: (o) =>
      `这条权限申请已由 ${o.by} 于 ${o.at} 答复：${o.state}。` + (o.pending ? `${CONFIRM_IN_WECOM}。` : ''),
    state: {
      pending: '待企业客户确认',
      approvedPending: '已同意，待确认生效',
      granted: '已生效',
      declined: '暂不授权',
      superseded: '已被新申请取代',
    },
    noPending: '目前没有等待确认的权限申请。发送「状态」查看详情。',
    manyPending: (count) => `目前有 ${count} 条权限申请等待确认，请在各自的卡片上点击按钮答复。`,
    notFound: '找不到这条权限申请，可能已被撤回。',
    notAdmin: '只有应用管理员可以答复权限申请。',
    cancelled: '该应用的授权已取消，无法记录您的答复。如需继续使用，请重新扫码授权。',
    labels: {
      granted: '已生效',
      superseded: '已被取代',
      notNow: '暂不授权',
      approved: '已同意待生效',
      sentAgain: '已重新发送',
    },
    status: {
      current: (n) => `自定义权限：${n}`,
      pending: (n, state) => `权限申请：${n} — ${state}（${CONFIRM_IN_WECOM}）`,
      last: (n, state) => `上次申请：${n} — ${state}`,
    },
  },
  en: {
    approved: (n) =>
      `Recorded your approval of ${n}. It is not in effect yet: ${CONFIRM_IN_WECOM_EN}; it takes effect at once.`,
    reminder: (n) => `You approved ${n}, but WeCom does not show it granted yet: ${CONFIRM_IN_WECOM_EN}.`,
    granted: (n) => `${n} is now in effect in WeCom. Thank you!`,
    declined: (n) => `Recorded: not now for ${n}; the app keeps its current permissions.`,
    superseded: 'This request was replaced by a newer one; please answer the latest card.',
    alreadyAnswered: (o) =>
      `This permission request was already answered by ${o.by} at ${o.at}: ${o.state}.` +
      (o.pending ? ` To grant it, ${CONFIRM_IN_WECOM_EN}.` : ''),
    state: {
      pending: 'waiting for your answer',
      approvedPending: 'approved, not in effect yet',
      granted: 'in effect',
      declined: 'not now',
      superseded: 'replaced by a newer request',
    },
    noPending: 'No permission request is waiting for an answer. Send "status" for details.',
    manyPending: (count) =>
      `${count} permission requests are waiting; please answer each one with the buttons on its card.`,
    notFound: 'This permission request no longer exists.',
    notAdmin: 'Only the app’s admins can answer permission requests.',
    cancelled:
      'The app’s authorization was cancelled, so your answer cannot be recorded. Authorize the app again to use it.',
    labels: {
      granted: 'In effect',
      superseded: 'Replaced',
      notNow: 'Not now',
      approved: 'Approved',
      sentAgain: 'Sent again',
    },
    status: {
      current: (n) => `Custom permissions: ${n}`,
      pending: (n, state) => `Permission request: ${n} — ${state} (${CONFIRM_IN_WECOM_EN})`,
      last: (n, state) => `Last request: ${n} — ${state}`,
    },
  },
};

/** A request's state in an admin's words: only WeCom's evidence says in effect. */
function adminState(w: AdminWords, r: Pick<PermissionRequest, 'state' | 'answer'>): string {
  if (r.state === 'pending')
    return r.answer?.answer === 'approve' ? w.state.approvedPending : w.state.pending;
  return w.state[r.state];
}

/** Permission names in one language: the catalogue has a Chinese and an English name for each. */
export function localNames(catalogue: Catalogue, ids: readonly string[], locale: Locale): string {
  return permissionNames(catalogue, ids, locale === 'en' ? 'en' : 'zh');
}

/** Words about permissions in one language: admins read their enterprise's, support alerts theirs. */
export function permissionTexts(catalogue: Catalogue) {
  function inLocale(locale: Locale) {
    const w = wordsFor(WORDS, locale);
    const asked = (r: PermissionRequest) => localNames(catalogue, r.requested, locale);
    return {
      names: (ids: readonly string[]) => localNames(catalogue, ids, locale),
      state: (r: Pick<PermissionRequest, 'state' | 'answer'>) => adminState(w, r),
      approved: (r: PermissionRequest) => w.approved(asked(r)),
      reminder: (r: PermissionRequest) => w.reminder(asked(r)),
      granted: (r: PermissionRequest) => w.granted(asked(r)),
      declined: (r: PermissionRequest) => w.declined(asked(r)),
      alreadyAnswered: (r: PermissionRequest, at: string): string =>
        r.state === 'superseded'
          ? w.superseded
          : w.alreadyAnswered({
              by: r.answer?.by ?? '—',
              at,
              state: adminState(w, r),
              pending: r.state === 'pending',
            }),
      noPending: w.noPending,
      manyPending: w.manyPending,
      notFound: w.notFound,
      notAdmin: w.notAdmin,
      cancelled: w.cancelled,
      sentAgain: w.labels.sentAgain,
      status: w.status,
      /** What a card's buttons become. */
      cardLabel: (r: PermissionRequest): string => {
        if (r.state === 'granted') return w.labels.granted;
        if (r.state === 'superseded') return w.labels.superseded;
        if (r.state === 'declined' || r.answer?.answer === 'not_now') return w.labels.notNow;
        return w.labels.approved;
      },
    };
  }

  return { in: inLocale };
}

/** "2026-01-05 10:00" in the enterprise's time zone. */
export function formatTime(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

export type PermissionTexts = ReturnType<typeof permissionTexts>;

import type { PermissionRequest } from '../model';
import { permissionNames, type Catalogue } from './catalogue';
import { stateLabel } from './state-label';

/** Where the grant really happens; every text that asks for it says it in these words. */
export const CONFIRM_IN_WECOM = '请在企业微信「权限变更」通知中点「同意」';
const CONFIRM_IN_WECOM_EN = 'agree in WeCom’s 权限变更 (permission change) notice';

/** What the bot says to admins about permission requests: Chinese first, English beside. */
export function permissionTexts(catalogue: Catalogue) {
  const names = (ids: readonly string[]): string =>
    `${permissionNames(catalogue, ids)} / ${permissionNames(catalogue, ids, 'en')}`;
  const zh = (r: PermissionRequest) => permissionNames(catalogue, r.requested);
  const en = (r: PermissionRequest) => permissionNames(catalogue, r.requested, 'en');

  return {
    names,

    approved: (r: PermissionRequest): string =>
      `已记录您的同意：${zh(r)}。权限尚未生效，${CONFIRM_IN_WECOM}，同意后立即生效。\n` +
      `Recorded your approval of ${en(r)}. It is not in effect yet: ${CONFIRM_IN_WECOM_EN}; it takes effect at once.`,

    reminder: (r: PermissionRequest): string =>
      `您已同意 ${zh(r)}，但企业微信尚未显示生效。${CONFIRM_IN_WECOM}。\n` +
      `You approved ${en(r)}, but WeCom does not show it granted yet: ${CONFIRM_IN_WECOM_EN}.`,

    granted: (r: PermissionRequest): string =>
      `${zh(r)} 已在企业微信生效，谢谢！\n${en(r)} is now in effect in WeCom. Thank you!`,

    declined: (r: PermissionRequest): string =>
      `已记录：暂不授权 ${zh(r)}，应用保持现有权限。\n` +
      `Recorded: not now for ${en(r)}; the app keeps its current permissions.`,

    alreadyAnswered: (r: PermissionRequest, at: string): string =>
      r.state === 'superseded'
        ? '这条权限申请已被新的申请取代，请答复最新的卡片。\n' +
          'This request was replaced by a newer one; please answer the latest card.'
        : `这条权限申请已由 ${r.answer?.by ?? '—'} 于 ${at} 答复：${stateLabel(r)}。` +
          (r.state === 'pending' ? `${CONFIRM_IN_WECOM}。` : '') +
          `\nThis permission request was already answered by ${r.answer?.by ?? '—'}.` +
          (r.state === 'pending' ? ` To grant it, ${CONFIRM_IN_WECOM_EN}.` : ''),

    noPending:
      '目前没有等待确认的权限申请。发送「状态」查看详情。\n' +
      'No permission request is waiting for an answer. Send "status" for details.',

    notFound: '找不到这条权限申请，可能已被撤回。\nThis permission request no longer exists.',

    notAdmin: '只有应用管理员可以答复权限申请。\nOnly the app’s admins can answer permission requests.',

    cancelled:
      '该应用的授权已取消，无法记录您的答复。如需继续使用，请重新扫码授权。\n' +
      'The app’s authorization was cancelled, so your answer cannot be recorded. Authorize the app again to use it.',

    /** What a card's buttons become. */
    cardLabel: (r: PermissionRequest): string => {
      if (r.state === 'granted') return '已生效 / In effect';
      if (r.state === 'superseded') return '已被新申请取代 / Superseded';
      if (r.state === 'declined' || r.answer?.answer === 'not_now')
        return `暂不授权 / Not now (${r.answer?.by ?? '—'})`;
      return '已同意，待确认生效';
    },
  };
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

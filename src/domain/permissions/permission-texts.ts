import type { PermissionRequest } from '../model';
import { permissionNames, type Catalogue } from './catalogue';
import { stateLabel } from './state-label';

/** What the bot says to admins about permission requests: Chinese first, English beside. */
export function permissionTexts(catalogue: Catalogue) {
  const names = (ids: readonly string[]): string =>
    `${permissionNames(catalogue, ids)} / ${permissionNames(catalogue, ids, 'en')}`;

  return {
    names,

    approved: (r: PermissionRequest): string =>
      `已记录您的同意：${permissionNames(catalogue, r.requested)}。\n` +
      '如企业微信另发了「权限变更」通知，请在通知中同样点击同意，权限才会真正生效。\n' +
      `Recorded your approval: ${permissionNames(catalogue, r.requested, 'en')}. ` +
      'If WeCom sent its own permission-change notice, agree there too: that is where it is granted.',

    declined: (r: PermissionRequest): string =>
      `已记录：暂不授权 ${permissionNames(catalogue, r.requested)}，应用保持现有权限。\n` +
      `Recorded: not now for ${permissionNames(catalogue, r.requested, 'en')}; the app keeps its current permissions.`,

    alreadyDecided: (r: PermissionRequest, at: string): string =>
      r.state === 'superseded'
        ? '这条权限申请已被新的申请取代，请答复最新的卡片。\n' +
          'This request was replaced by a newer one; please answer the latest card.'
        : `这条权限申请已由 ${r.decidedBy ?? '—'} 于 ${at} 处理：${stateLabel(r)}。\n` +
          `This permission request was already answered by ${r.decidedBy ?? '—'}.`,

    noPending:
      '目前没有等待确认的权限申请。发送「状态」查看详情。\n' +
      'No permission request is waiting for an answer. Send "status" for details.',

    notFound: '找不到这条权限申请，可能已被撤回。\nThis permission request no longer exists.',

    notAdmin: '只有应用管理员可以答复权限申请。\nOnly the app’s admins can answer permission requests.',

    cancelled:
      '该应用的授权已取消，无法记录您的答复。如需继续使用，请重新扫码授权。\n' +
      'The app’s authorization was cancelled, so your answer cannot be recorded. Authorize the app again to use it.',

    replaceName: (r: PermissionRequest): string =>
      r.state === 'approved'
        ? `已同意 / Approved by ${r.decidedBy ?? '—'}`
        : r.state === 'declined'
          ? `暂不授权 / Not now (${r.decidedBy ?? '—'})`
          : '已被新申请取代 / Superseded',
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

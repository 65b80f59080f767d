import type { Notice } from './layout';

/**
 * What a finished action says after its redirect. The query string carries only a code from this
 * table, so a crafted link cannot put its own words on a staff member's screen.
 */
export const DONE_MESSAGES = {
  status_set: '状态已更新 / Status updated',
  permission_filed: '已提交权限申请，等待企业确认 / Permission request filed, waiting for the enterprise',
  permission_granted: '已按服务商后台确认记为已生效 / Marked granted, as confirmed in the provider console',
  rollout_paused: '已暂停扩大可见范围 / Rollout paused',
  rollout_resumed: '已恢复扩大可见范围 / Rollout resumed',
  rollout_restarted: '已重新开始扩大可见范围 / Rollout restarted',
  enabled_resent: '已重新发送启用通知 / Enabled notice queued again',
  test_set: '已更新测试企业标记 / Test enterprise mark updated',
  message_resent: '已重新发送消息 / Message queued again',
  logged_out: '已退出 / Signed out',
} as const;

export type DoneCode = keyof typeof DONE_MESSAGES;

/** The notice for `?done=<code>`; unknown codes show nothing. */
export function doneNotice(query: Record<string, unknown>): Notice | undefined {
  const code = query.done;
  if (typeof code !== 'string' || !Object.hasOwn(DONE_MESSAGES, code)) return undefined;
  return { kind: 'ok', text: DONE_MESSAGES[code as DoneCode] };
}

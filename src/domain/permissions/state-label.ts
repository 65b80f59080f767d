import type { PermissionRequest } from '../model';

/** The state as support staff and admins read it; pending uses the provider console's own words. */
export const STATE_LABELS = {
  pending: '待企业客户确认 / waiting for the enterprise',
  approved_pending: '已同意，待确认生效 / approved in chat, not confirmed in WeCom yet',
  granted: '已生效 / in effect',
  declined: '暂不授权 / not now',
  superseded: '已被新申请取代 / superseded',
} as const;

/** Derived from WeCom's state and the admin's answer: only WeCom's evidence says 已生效. */
export function stateLabel(request: Pick<PermissionRequest, 'state' | 'answer'>): string {
  if (request.state === 'pending' && request.answer?.answer === 'approve')
    return STATE_LABELS.approved_pending;
  return STATE_LABELS[request.state];
}

/** The admin's answer in a line, for support: "approve by admin1 (button)". */
export function answerLabel(request: Pick<PermissionRequest, 'answer'>): string {
  const a = request.answer;
  return a ? `${a.answer === 'approve' ? '同意 approve' : '暂不授权 not now'} — ${a.by} (${a.via})` : '—';
}

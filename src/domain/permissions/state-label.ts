import type { PermissionRequest } from '../model';

/** The state as support staff and admins read it; pending uses the provider console's own words. */
export const STATE_LABELS = {
  pending: '待企业客户确认 / waiting for the enterprise',
  in_effect: '已生效 / in effect',
  not_yet_in_effect: '已同意，尚未生效 / approved, not yet in effect',
  unverified: '已同意，尚未验证 / approved, not verified yet',
  declined: '暂不授权 / not now',
  superseded: '已被新申请取代 / superseded',
} as const;

/** An approval is only "in effect" once a call that needs the permission worked. */
export function stateLabel(request: Pick<PermissionRequest, 'state' | 'effect'>): string {
  switch (request.state) {
    case 'approved':
      return STATE_LABELS[request.effect];
    case 'pending':
    case 'declined':
    case 'superseded':
      return STATE_LABELS[request.state];
  }
}

import type { AppStatus } from '../model';

/** Which moves support staff may make; 'enabled' may also be observed from WeCom at any time. */
export const ALLOWED_MOVES: Record<AppStatus, readonly AppStatus[]> = {
  developing: ['in_review', 'enabled'],
  in_review: ['approved', 'developing', 'enabled'],
  approved: ['enabled', 'developing'],
  enabled: ['developing'],
};

export const STATUS_LABELS: Record<AppStatus, string> = {
  developing: '开发中 / developing',
  in_review: '审核中 / in review',
  approved: '待上线 / approved, waiting to go online',
  enabled: '已启用 / enabled',
};

/** The statuses from which a move to `to` is allowed. */
export function allowedFrom(to: AppStatus): AppStatus[] {
  return (Object.keys(ALLOWED_MOVES) as AppStatus[]).filter((from) => ALLOWED_MOVES[from].includes(to));
}

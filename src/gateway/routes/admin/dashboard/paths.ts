/** Dashboard URLs, in one place: pages link to them, forms post to them, diagnosis fixes map onto them. */

export const APP_ACTIONS = [
  'status',
  'permission-requests',
  'permission-granted',
  'rollout/pause',
  'rollout/resume',
  'rollout/restart',
  'enabled-notice/resend',
  'test',
  'locale',
] as const;
export type AppAction = (typeof APP_ACTIONS)[number];

/** Checkboxes arrive as `permission.<id>=on`: the urlencoded reader keeps one value per name. */
export const PERMISSION_FIELD_PREFIX = 'permission.';

const enc = encodeURIComponent;

export function appPath(suiteId: string, corpId: string): string {
  return `/admin/apps/${enc(suiteId)}/${enc(corpId)}`;
}

export function appActionPath(suiteId: string, corpId: string, action: AppAction): string {
  return `/admin/actions/apps/${enc(suiteId)}/${enc(corpId)}/${action}`;
}

export function messageResendPath(id: string): string {
  return `/admin/actions/messages/${enc(id)}/resend`;
}

/** Whether a path is one of the dashboard's action forms. */
export function isActionPath(path: string): boolean {
  const app = /^\/admin\/actions\/apps\/[^/]+\/[^/]+\/(.+)$/.exec(path);
  if (app) return (APP_ACTIONS as readonly string[]).includes(app[1]!);
  return /^\/admin\/actions\/messages\/[^/]+\/resend$/.test(path);
}

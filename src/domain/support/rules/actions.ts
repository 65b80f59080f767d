import type { AppStatus } from '../../model';
import type { ActionDescriptor } from '../diagnosis-types';

const enc = encodeURIComponent;
const appPath = (suiteId: string, corpId: string): string => `/admin/api/apps/${enc(suiteId)}/${enc(corpId)}`;

/** One-click fixes: each points at an existing admin API endpoint. */
export const ACTIONS = {
  resend: (messageId: string, label = '重发消息 / Resend the message'): ActionDescriptor => ({
    label,
    method: 'POST',
    path: `/admin/api/messages/${enc(messageId)}/resend`,
  }),
  setStatus: (suiteId: string, corpId: string, status: AppStatus, label: string): ActionDescriptor => ({
    label,
    method: 'POST',
    path: `${appPath(suiteId, corpId)}/status`,
    body: { status },
  }),
  resumeRollout: (suiteId: string, corpId: string): ActionDescriptor => ({
    label: '恢复提醒 / Resume the reminders',
    method: 'POST',
    path: `${appPath(suiteId, corpId)}/rollout/resume`,
  }),
  restartRollout: (suiteId: string, corpId: string): ActionDescriptor => ({
    label: '从头开始 / Restart the rollout',
    method: 'POST',
    path: `${appPath(suiteId, corpId)}/rollout/restart`,
  }),
  fileRequest: (suiteId: string, corpId: string, permissions: readonly string[]): ActionDescriptor => ({
    label: '重新申请权限 / File the request again',
    method: 'POST',
    path: `${appPath(suiteId, corpId)}/permission-requests`,
    body: { permissions: [...permissions] },
  }),
};

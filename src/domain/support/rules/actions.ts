import { wordsFor, type Catalogue, type Locale } from '../../../shared/locale';
import type { AppStatus } from '../../model';
import type { ActionDescriptor } from '../diagnosis-types';

const enc = encodeURIComponent;
const appPath = (suiteId: string, corpId: string): string => `/admin/api/apps/${enc(suiteId)}/${enc(corpId)}`;

const LABELS: Catalogue<{ resend: string; resume: string; restart: string; fileAgain: string }> = {
  'zh-CN': {
    resend: '重发消息',
    resume: '恢复提醒',
    restart: '从头开始',
    fileAgain: '重新申请权限',
  },
  en: {
    resend: 'Resend the message',
    resume: 'Resume the reminders',
    restart: 'Restart the rollout',
    fileAgain: 'File the request again',
  },
};

/** One-click fixes in the findings' locale: each points at an existing admin API endpoint. */
export function actions(locale: Locale) {
  const w = wordsFor(LABELS, locale);
  return {
    resend: (messageId: string, label = w.resend): ActionDescriptor => ({
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
      label: w.resume,
      method: 'POST',
      path: `${appPath(suiteId, corpId)}/rollout/resume`,
    }),
    restartRollout: (suiteId: string, corpId: string): ActionDescriptor => ({
      label: w.restart,
      method: 'POST',
      path: `${appPath(suiteId, corpId)}/rollout/restart`,
    }),
    fileRequest: (suiteId: string, corpId: string, permissions: readonly string[]): ActionDescriptor => ({
      label: w.fileAgain,
      method: 'POST',
      path: `${appPath(suiteId, corpId)}/permission-requests`,
      body: { permissions: [...permissions] },
    }),
  };
}

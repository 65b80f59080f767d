import { buttonCard, MAX_HORIZONTAL_CONTENT, taskIdFor } from '../wecom-messages';
import type { PermissionRequest } from '../model';
import { permissionNames, type Catalogue } from './catalogue';
import { permissionKey } from '../card-keys';
import { CONFIRM_IN_WECOM } from './permission-texts';

export interface PermissionCardInput {
  toUser: string;
  request: Pick<PermissionRequest, 'id' | 'requested' | 'previous' | 'raisedCount'>;
  appName: string;
  catalogue: Catalogue;
  /** The outbox dedupe key of this card: its task_id derives from it. */
  dedupeKey: string;
}

/**
 * The card about a custom-permission change: what each permission is for, in plain words, and that
 * the decision is made in WeCom's own notice (the buttons record the admin's intent).
 */
export function permissionCard(input: PermissionCardInput): Record<string, unknown> {
  const { request, catalogue } = input;
  const asked = catalogue.filter((p) => request.requested.includes(p.id));
  const again = request.raisedCount > 1;
  return buttonCard({
    toUser: input.toUser,
    taskId: taskIdFor(input.dedupeKey),
    sourceDesc: input.appName,
    title: again ? '再次确认权限申请 / Permission request, again' : '自定义权限申请 / Permission request',
    description: `现有权限 / Current: ${permissionNames(catalogue, request.previous)}`,
    horizontalContent: rows(asked.map((p) => ({ keyname: p.name, value: p.purpose }))),
    subTitle: [
      ...asked.map((p) => `${p.nameEn}: ${p.purposeEn}`),
      `授权在企业微信中完成：${CONFIRM_IN_WECOM}。此处的「同意」只告诉我们您的意向。`,
      'WeCom grants them only when you agree in its 权限变更 notice; the button here tells us your intent.',
      ...(again ? [`第 ${request.raisedCount} 次询问 / asked ${request.raisedCount} times`] : []),
    ].join('\n'),
    buttons: [
      { text: '同意 / Approve', key: permissionKey('approve', request.id), style: 1 },
      { text: '暂不授权 / Not now', key: permissionKey('decline', request.id), style: 2 },
    ],
  });
}

/** WeCom shows at most six rows: past that, the last row lists the rest by name. */
function rows(all: { keyname: string; value: string }[]): { keyname: string; value: string }[] {
  if (all.length <= MAX_HORIZONTAL_CONTENT) return all;
  const shown = all.slice(0, MAX_HORIZONTAL_CONTENT - 1);
  const rest = all.slice(MAX_HORIZONTAL_CONTENT - 1).map((r) => r.keyname);
  return [...shown, { keyname: '其他 / More', value: rest.join('、') }];
}

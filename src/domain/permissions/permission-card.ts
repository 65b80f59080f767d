import { buttonCard, MAX_HORIZONTAL_CONTENT, taskIdFor } from '../wecom-messages';
import type { PermissionRequest } from '../model';
import { permissionNames, type Catalogue } from './catalogue';
import { permissionKey } from '../card-keys';

export interface PermissionCardInput {
  toUser: string;
  request: Pick<PermissionRequest, 'id' | 'requested' | 'previous' | 'raisedCount'>;
  appName: string;
  catalogue: Catalogue;
  /** The outbox dedupe key of this card: its task_id derives from it. */
  dedupeKey: string;
}

/** The card asking an admin to approve a custom-permission change: what each permission is for, in plain words. */
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
      '同意：以上权限生效。暂不授权：应用保持现有权限。',
      'Approve to grant them; Not now keeps the current permissions.',
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

import { buttonCard, taskIdFor } from '../wecom-messages';
import type { Rollout, RolloutStage, Visibility } from '../model';
import { rolloutButtonKey } from '../card-keys';
import { describeReach, describeVisibility } from './reach';
import { delayWords } from './rollout-texts';

export interface ReminderCardInput {
  toUser: string;
  dedupeKey: string;
  suiteId: string;
  corpId: string;
  appName: string;
  plan: readonly RolloutStage[];
  /** The stage reached; the card suggests the one after it. */
  stageIndex: number;
  actual: Visibility;
  remindLaterMinutes: number;
}

/** The reminder: where the app is visible now, the suggested next stage, and three answers. */
export function reminderCard(i: ReminderCardInput): Record<string, unknown> {
  const next = i.plan[i.stageIndex + 1]!;
  const current = i.plan[i.stageIndex];
  const later = delayWords(i.remindLaterMinutes);
  return buttonCard({
    toUser: i.toUser,
    taskId: taskIdFor(i.dedupeKey),
    sourceDesc: `${i.appName} · 可见范围提醒 / Rollout`,
    title: '建议扩大可见范围 / Time to widen',
    description: current
      ? `「${current.name}」阶段运行正常的话，建议扩大到「${next.name}」。\n` +
        `If all is well at "${current.name}", widen to "${next.name}".`
      : `请先设置一小组试点成员（「${next.name}」），管理员也留在范围内，确认正常后再逐步扩大。\n` +
        `Start with a small pilot group ("${next.name}") that keeps the admins in, then widen step by step.`,
    horizontalContent: [
      { keyname: '当前可见 / Now', value: describeVisibility(i.actual) },
      { keyname: '建议下一步 / Next', value: `${next.name}：${describeReach(next.reach)}` },
      { keyname: '设置位置 / Where', value: '管理后台 › 应用管理 › 可见范围' },
    ],
    buttons: [
      { text: '已扩大 / Widened', key: rolloutButtonKey('widened', i.suiteId, i.corpId), style: 1 },
      {
        text: `${later.zh}再提醒 / Remind me ${later.en}`,
        key: rolloutButtonKey('later', i.suiteId, i.corpId),
        style: 2,
      },
      { text: '暂停 / Pause', key: rolloutButtonKey('pause', i.suiteId, i.corpId), style: 2 },
    ],
  });
}

type RolloutRef = Pick<Rollout, 'suiteId' | 'corpId' | 'round'>;

/** Where the rollout's message keys start; a rollout started over for a new app has keys of its own. */
export function rolloutKeyBase(r: RolloutRef): string {
  return `rollout:${r.suiteId}:${r.corpId}${r.round ? `:round${r.round}` : ''}`;
}

/** The cards of reminder #n, one per admin: `${base}:${admin}`. */
export function reminderBase(r: RolloutRef, n: number): string {
  return `${rolloutKeyBase(r)}:reminder:${n}`;
}

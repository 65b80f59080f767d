import { CARD_LIMITS, fitName } from '../card-limits';
import { type Catalogue, type Locale, wordsFor } from '../../shared/locale';
import { buttonCard, taskIdFor } from '../wecom-messages';
import type { Rollout, RolloutStage, Visibility } from '../model';
import { rolloutButtonKey } from '../card-keys';
import { reachNeeds, reachName, visibilityRows } from './reach-words';
import { rolloutWords } from './rollout-texts';

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
  locale: Locale;
}

/** The reminder's words; every one within its field's limit (card-limits.ts), checked by a unit test. */
interface ReminderWords {
  title: string;
  desc: (next: string) => string;
  widen: (current: string, next: string) => string;
  pilot: string;
  rows: { next: string; where: string };
  where: string;
  buttons: { widened: string; pause: string };
}

const WORDS: Catalogue<ReminderWords> = {
  'zh-CN': {
    title: '建议扩大可见范围',
    desc: (next) => `下一阶段：${next}`,
    widen: (current, next) =>
      `「${current}」阶段运行正常的话，建议把可见范围扩大到「${next}」。管理员请留在范围内，才能收到提醒。`,
    pilot: '请先设置一小组试点成员，并把管理员留在范围内（否则收不到提醒），确认正常后再逐步扩大。',
    rows: { next: '需要', where: '位置' },
    where: '管理后台›应用管理›可见范围',
    buttons: { widened: '已扩大', pause: '暂停' },
  },
  en: {
    title: 'Time to widen the range',
    desc: (next) => `Next stage: ${next}`,
    widen: (current, next) =>
      `If all is well at "${current}", widen the range to "${next}". Keep the admins in it to get reminders.`,
    pilot:
      'Start with a small pilot group that keeps the admins in (or they get no reminders), then widen step by step.',
    rows: { next: 'Needs', where: 'Where' },
    where: 'Admin › Apps › Visibility',
    buttons: { widened: 'Widened', pause: 'Pause' },
  },
};

/** The reminder: where the app is visible now, the suggested next stage, and three answers. */
export function reminderCard(i: ReminderCardInput): Record<string, unknown> {
  const w = wordsFor(WORDS, i.locale);
  const next = i.plan[i.stageIndex + 1]!;
  const current = i.plan[i.stageIndex];
  const nextName = reachName(next, i.locale);
  return buttonCard({
    toUser: i.toUser,
    taskId: taskIdFor(i.dedupeKey),
    sourceDesc: fitName(i.appName, CARD_LIMITS.sourceDesc),
    title: w.title,
    description: w.desc(nextName),
    subTitle: current ? w.widen(reachName(current, i.locale), nextName) : w.pilot,
    horizontalContent: [
      ...visibilityRows(i.actual, i.locale),
      { keyname: w.rows.next, value: reachNeeds(next.reach, i.locale) },
      { keyname: w.rows.where, value: w.where },
    ],
    buttons: [
      { text: w.buttons.widened, key: rolloutButtonKey('widened', i.suiteId, i.corpId), style: 1 },
      {
        // The button is what its card shows once tapped: the same words, within the same limit.
        text: rolloutWords(i.locale).labels.later(i.remindLaterMinutes),
        key: rolloutButtonKey('later', i.suiteId, i.corpId),
        style: 2,
      },
      { text: w.buttons.pause, key: rolloutButtonKey('pause', i.suiteId, i.corpId), style: 2 },
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

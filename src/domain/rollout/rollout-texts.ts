import { CARD_LIMITS, firstThatFits } from '../card-limits';
import { type Catalogue, type Locale, wordsFor } from '../../shared/locale';
import type { RolloutAnswer, RolloutCard, RolloutState } from '../model';

/** The rollout as support reads it (lists, the dashboard, alerts); admins get their own words below. */
export const STATE_LABELS: Record<RolloutState, string> = {
  active: '进行中 / active',
  paused: '已暂停 / paused',
  completed: '已完成 / completed',
  cancelled: '已停止 / cancelled',
  escalated: '已转客服跟进 / escalated to support',
};

/** A delay: how many of which unit, the largest unit that divides it. */
function delayParts(minutes: number): { count: number; unit: 'day' | 'hour' | 'minute' } {
  if (minutes % 1440 === 0) return { count: minutes / 1440, unit: 'day' };
  if (minutes % 60 === 0) return { count: minutes / 60, unit: 'hour' };
  return { count: minutes, unit: 'minute' };
}

const CN_DIGITS = ['零', '一', '两', '三', '四', '五', '六', '七', '八', '九', '十'];

/** What the bot says to admins about the rollout, one language at a time. */
export interface RolloutWords {
  /** "三天后" / "in 3 days". */
  delay(minutes: number): string;
  /** What replaces the buttons once an admin answered (each ≤ the replace_name limit). */
  labels: {
    widened: string;
    pilotSet: string;
    paused: string;
    ended: string;
    later(minutes: number): string;
  };
  state: Record<RolloutState, string>;
  /** The app, when its name is not known. */
  theApp: string;
  alreadyAnswered(o: { by: string; when: string; label: string }): string;
  completed(appName: string, lastStage: string): string;
  later(when: string): string;
  paused: string;
  confirmed(o: { visible: string; reached: string; next: string; when: string }): string;
  /** The widening button as each card names it, for replies that say which button to tap. */
  widenButton: Record<RolloutCard, string>;
  notWidened(o: {
    visible: string;
    reached?: string;
    next: string;
    needs: string;
    card: RolloutCard;
  }): string;
  unchecked: string;
  ended(state: RolloutState): string;
  /** The lines of the 状态 reply about the rollout. */
  status: {
    title(state: string): string;
    aiming(o: { name: string; index: number; total: number; needs: string }): string;
    allReached(total: number): string;
    reached(name: string | undefined): string;
    reports(visible: string | undefined, at: string | undefined): string;
    nextReminder(when: string, timeZone: string): string;
    unanswered(n: number, max: number): string;
    notStarted: string;
  };
}

const ZH: RolloutWords = {
  delay(minutes) {
    const { count, unit } = delayParts(minutes);
    const n = unit === 'day' && count <= 10 ? CN_DIGITS[count] : String(count);
    return `${n}${{ day: '天', hour: '小时', minute: '分钟' }[unit]}后`;
  },
  labels: {
    widened: '已扩大',
    pilotSet: '已设置试点',
    paused: '已暂停',
    ended: '已结束',
    later: (minutes) => firstThatFits(CARD_LIMITS.replaceName, `${ZH.delay(minutes)}再提醒`, '稍后再提醒'),
  },
  state: {
    active: '进行中',
    paused: '已暂停',
    completed: '已完成',
    cancelled: '已停止',
    escalated: '已转服务商跟进',
  },
  theApp: '应用',
  alreadyAnswered: (o) => `${o.by} 已于 ${o.when} 答复了这张卡片：「${o.label}」，无需再操作。`,
  completed: (appName, lastStage) =>
    `恭喜！「${appName}」的可见范围已达到最后阶段「${lastStage}」，逐步扩大可见范围完成。`,
  later: (when) => `好的，将于 ${when} 再提醒您。`,
  paused: '已暂停扩大可见范围的提醒。需要恢复时，发送「恢复」即可。',
  confirmed: (o) =>
    `已确认：企业微信显示现在对 ${o.visible} 可见，已进入「${o.reached}」阶段。` +
    `一切正常的话，下一步是「${o.next}」，将于 ${o.when} 提醒您。`,
  widenButton: { enabled: '已设置试点', reminder: '已扩大' },
  notWidened: (o) =>
    `谢谢！不过企业微信目前显示的可见范围仍是：${o.visible}${o.reached ? `（已达到「${o.reached}」）` : ''}。` +
    `下一阶段「${o.next}」需要${o.needs}。请在 管理后台 › 应用管理 › 可见范围 中修改，保存后再点「${ZH.widenButton[o.card]}」。`,
  unchecked: '暂时无法向企业微信确认可见范围，稍后会自动再检查。',
  ended: (state) => `扩大可见范围的计划已结束（${ZH.state[state]}），无需操作。`,
  status: {
    title: (state) => `扩大可见范围：${state}`,
    aiming: (o) => `目标阶段：${o.name}（${o.index}/${o.total}，${o.needs}）`,
    allReached: (total) => `已达到全部 ${total} 个阶段`,
    reached: (name) => `已达到：${name ?? '尚无'}`,
    reports: (visible, at) => `企业微信显示：${visible ?? '尚未读取'}${at ? `（${at}）` : ''}`,
    nextReminder: (when, timeZone) => `下次提醒：${when}（${timeZone}）`,
    unanswered: (n, max) => `未回复的提醒：${n}/${max}`,
    notStarted: '扩大可见范围：尚未开始（应用启用后开始）',
  },
};

const EN: RolloutWords = {
  delay(minutes) {
    const { count, unit } = delayParts(minutes);
    return `in ${count} ${unit}${count === 1 ? '' : 's'}`;
  },
  labels: {
    widened: 'Widened',
    pilotSet: 'Pilot set',
    paused: 'Paused',
    ended: 'Ended',
    later: (minutes) => firstThatFits(CARD_LIMITS.replaceName, capitalize(EN.delay(minutes)), 'Later'),
  },
  state: {
    active: 'active',
    paused: 'paused',
    completed: 'completed',
    cancelled: 'stopped',
    escalated: 'handed to your provider',
  },
  theApp: 'the app',
  alreadyAnswered: (o) =>
    `${o.by} already answered this card at ${o.when}: "${o.label}". Nothing more to do.`,
  completed: (appName, lastStage) =>
    `Congratulations: ${appName} reached the last stage (${lastStage}); the staged rollout is complete.`,
  later: (when) => `OK, I will remind you again at ${when}.`,
  paused: 'Rollout reminders are paused. Send "resume" when you want them back.',
  confirmed: (o) =>
    `Confirmed: WeCom shows the app visible to ${o.visible}, stage "${o.reached}". ` +
    `Next is "${o.next}"; I will remind you at ${o.when}.`,
  widenButton: { enabled: 'Pilot set', reminder: 'Widened' },
  notWidened: (o) =>
    `Thank you! WeCom still shows the app visible to ${o.visible}${o.reached ? ` (stage "${o.reached}")` : ''}. ` +
    `The next stage "${o.next}" needs ${o.needs}: change it in Admin › Apps › Visibility, then tap "${EN.widenButton[o.card]}" again.`,
  unchecked: 'I could not check the visibility range with WeCom just now; I will check again later.',
  ended: (state) => `The rollout has ended (${EN.state[state]}); nothing to do.`,
  status: {
    title: (state) => `Rollout: ${state}`,
    aiming: (o) => `Aiming at: ${o.name} (${o.index}/${o.total}, ${o.needs})`,
    allReached: (total) => `All ${total} stages reached`,
    reached: (name) => `Reached: ${name ?? 'none yet'}`,
    reports: (visible, at) => `WeCom reports: ${visible ?? 'not read yet'}${at ? ` (${at})` : ''}`,
    nextReminder: (when, timeZone) => `Next reminder: ${when} (${timeZone})`,
    unanswered: (n, max) => `Unanswered reminders: ${n}/${max}`,
    notStarted: 'Rollout: not started (it starts once the app is enabled)',
  },
};

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const WORDS: Catalogue<RolloutWords> = { 'zh-CN': ZH, en: EN };

export function rolloutWords(locale: Locale): RolloutWords {
  return wordsFor(WORDS, locale);
}

/** An answer in the words of the card it greys out: the enabled notice's widening is its pilot. */
export function outcomeLabel(
  action: RolloutAnswer['action'],
  card: RolloutCard,
  laterMinutes: number,
  locale: Locale,
): string {
  const { labels } = rolloutWords(locale);
  if (action === 'later') return labels.later(laterMinutes);
  if (action === 'pause') return labels.paused;
  return card === 'enabled' ? labels.pilotSet : labels.widened;
}

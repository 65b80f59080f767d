import type { RolloutAnswer, RolloutCard, RolloutState } from '../model';

/** Admin-facing words for the rollout: Chinese first, English beside. */

const CN_DIGITS = ['零', '一', '两', '三', '四', '五', '六', '七', '八', '九', '十'];

/** A delay in words, for buttons and replies: { zh: '三天后', en: 'in 3 days' }. */
export function delayWords(minutes: number): { zh: string; en: string } {
  const [count, zhUnit, enUnit] =
    minutes % 1440 === 0
      ? [minutes / 1440, '天', 'day']
      : minutes % 60 === 0
        ? [minutes / 60, '小时', 'hour']
        : [minutes, '分钟', 'minute'];
  const zhCount = count <= 10 && zhUnit === '天' ? CN_DIGITS[count] : `${count} `;
  return { zh: `${zhCount}${zhUnit}后`, en: `in ${count} ${enUnit}${count === 1 ? '' : 's'}` };
}

/** What replaces the buttons on every admin's card once one of them answered. */
export const OUTCOME_LABELS = {
  widened: '已扩大 / Widened',
  pilotSet: '已设置试点 / Pilot set',
  paused: '已暂停 / Paused',
  ended: '已结束 / Ended',
  later: (minutes: number): string => `${delayWords(minutes).zh}再提醒 / Later`,
} as const;

/** An answer in the words of the card it greys out: the enabled notice's widening is its pilot. */
export function outcomeLabel(
  action: RolloutAnswer['action'],
  card: RolloutCard,
  laterMinutes: number,
): string {
  if (action === 'later') return OUTCOME_LABELS.later(laterMinutes);
  if (action === 'pause') return OUTCOME_LABELS.paused;
  return card === 'enabled' ? OUTCOME_LABELS.pilotSet : OUTCOME_LABELS.widened;
}

/** To an admin whose card another admin answered first: who, when and what his card now shows. */
export function alreadyAnsweredReply(o: { by: string; when: string; label: string }): string {
  const [zh, en = zh] = o.label.split(' / ');
  return (
    `${o.by} 已于 ${o.when} 答复了这张卡片：「${zh}」，无需再操作。\n` +
    `${o.by} already answered this card at ${o.when}: "${en}". Nothing more to do.`
  );
}

export const STATE_LABELS: Record<RolloutState, string> = {
  active: '进行中 / active',
  paused: '已暂停 / paused',
  completed: '已完成 / completed',
  cancelled: '已停止 / cancelled',
  escalated: '已转客服跟进 / escalated to support',
};

export function completedText(appName: string, lastStage: string): string {
  return (
    `恭喜！「${appName}」的可见范围已达到最后阶段「${lastStage}」，逐步扩大可见范围完成。\n` +
    `Congratulations: ${appName} reached the last stage (${lastStage}); the staged rollout is complete.`
  );
}

export function laterReply(when: string): string {
  return `好的，将于 ${when} 再提醒您。\nOK, I will remind you again at ${when}.`;
}

export const PAUSED_REPLY =
  '已暂停扩大可见范围的提醒。需要恢复时，发送「恢复」即可。\n' +
  'Rollout reminders are paused. Send "resume" when you want them back.';

export function confirmedReply(o: { visible: string; reached: string; next: string; when: string }): string {
  return (
    `已确认：企业微信显示现在对 ${o.visible} 可见，已进入「${o.reached}」阶段。` +
    `一切正常的话，下一步是「${o.next}」，将于 ${o.when} 提醒您。\n` +
    `Confirmed: WeCom shows the app visible to ${o.visible}, stage "${o.reached}". ` +
    `Next is "${o.next}"; I will remind you at ${o.when}.`
  );
}

/** The widening button as each card names it, for replies that say which button to tap. */
const WIDEN_BUTTONS: Record<RolloutCard, { zh: string; en: string }> = {
  enabled: { zh: '已设置试点范围', en: 'Pilot set' },
  reminder: { zh: '已扩大', en: 'Widened' },
};

export function notWidenedReply(o: {
  visible: string;
  reached?: string;
  next: string;
  needs: string;
  card: RolloutCard;
}): string {
  const button = WIDEN_BUTTONS[o.card];
  const zhReached = o.reached ? `（已达到「${o.reached}」）` : '';
  const enReached = o.reached ? ` (stage "${o.reached}")` : '';
  return (
    `谢谢！不过企业微信目前显示的可见范围仍是：${o.visible}${zhReached}。` +
    `下一阶段「${o.next}」需要${o.needs}。请在 管理后台 › 应用管理 › 可见范围 中修改，保存后再点「${button.zh}」。\n` +
    `Thank you! WeCom still shows the app visible to ${o.visible}${enReached}. ` +
    `The next stage "${o.next}" needs ${o.needs}: change it in Admin › Apps › Visibility, then tap "${button.en}" again.`
  );
}

export const UNCHECKED_REPLY =
  '暂时无法向企业微信确认可见范围，稍后会自动再检查。\n' +
  'I could not check the visibility range with WeCom just now; I will check again later.';

export function endedReply(state: RolloutState): string {
  return `扩大可见范围的计划已结束（${STATE_LABELS[state]}），无需操作。\nThe rollout has ended; nothing to do.`;
}

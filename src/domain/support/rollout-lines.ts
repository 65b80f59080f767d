import { wordsFor, type Catalogue, type Locale } from '../../shared/locale';
import type { Rollout } from '../model';
import { stageName } from '../rollout/stage-name';
import { formatLocal } from '../rollout/zoned-time';
import { supportWords, visibilityWords } from './support-words';

interface RolloutLineWords {
  state: (label: string) => string;
  aimingAt: (stage: string, position: string, reach: string) => string;
  allReached: (total: number) => string;
  reached: (stage: string) => string;
  wecomReports: (visibility: string, at: string | undefined) => string;
  nextReminder: (when: string, timeZone: string) => string;
  unanswered: (count: number, max: number) => string;
}

const WORDS: Catalogue<RolloutLineWords> = {
  'zh-CN': {
    state: (label) => `扩大可见范围：${label}`,
    aimingAt: (stage, position, reach) => `目标阶段：${stage}（${position}，${reach}）`,
    allReached: (total) => `已达到全部 ${total} 个阶段`,
    reached: (stage) => `已达到：${stage}`,
    wecomReports: (v, at) => `企业微信显示：${v}${at ? `（${at}）` : ''}`,
    nextReminder: (when, tz) => `下次提醒：${when}（${tz}）`,
    unanswered: (n, max) => `未回复的提醒：${n}/${max}`,
  },
  en: {
    state: (label) => `Rollout: ${label}`,
    aimingAt: (stage, position, reach) => `Aiming at: ${stage} (${position}, ${reach})`,
    allReached: (total) => `All ${total} stages reached`,
    reached: (stage) => `Reached: ${stage}`,
    wecomReports: (v, at) => `WeCom reports: ${v}${at ? ` (${at})` : ''}`,
    nextReminder: (when, tz) => `Next reminder: ${when} (${tz})`,
    unanswered: (n, max) => `Unanswered reminders: ${n}/${max}`,
  },
};

/**
 * A rollout for support, in one language: the stage aimed at next beside the range WeCom reports
 * (the bot reminds, the admin widens), then the next reminder.
 */
export function rolloutLines(
  r: Rollout,
  opts: { timeZone: string; maxUnanswered: number },
  locale: Locale,
): string[] {
  const w = wordsFor(WORDS, locale);
  const s = supportWords(locale);
  const total = r.plan.length;
  const reached = r.plan[r.stageIndex];
  const target = r.plan[r.stageIndex + 1];
  const lines = [w.state(s.rolloutState[r.state])];
  lines.push(
    target
      ? w.aimingAt(stageName(target, locale), `${r.stageIndex + 2}/${total}`, s.reach[target.reach])
      : w.allReached(total),
  );
  lines.push(w.reached(reached ? stageName(reached, locale) : s.noneYet));
  const observed = r.actualObservedAt ? formatLocal(r.actualObservedAt, opts.timeZone) : undefined;
  lines.push(
    w.wecomReports(
      r.actual ? visibilityWords(r.actual, locale) : s.notReadYet,
      r.actual ? observed : undefined,
    ),
  );
  if (r.nextReminderAt)
    lines.push(w.nextReminder(formatLocal(r.nextReminderAt, opts.timeZone), opts.timeZone));
  if (r.unanswered > 0) lines.push(w.unanswered(r.unanswered, opts.maxUnanswered));
  return lines;
}

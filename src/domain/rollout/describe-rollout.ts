import type { Rollout } from '../model';
import { describeReach, describeVisibility } from './reach';
import type { Locale } from '../../shared/locale';
import { reachNeeds, reachName, visibilityWords } from './reach-words';
import { bilingualStageName } from './stage-name';
import { rolloutWords, STATE_LABELS } from './rollout-texts';
import { formatLocal } from './zoned-time';

/**
 * Lines for the admin's 状态 reply and for support: the stage aimed at next to the range WeCom
 * reports (the two can differ: the bot reminds, the admin widens), then the next reminder.
 */
export function describeRollout(r: Rollout, opts: { timeZone: string; maxUnanswered: number }): string[] {
  const total = r.plan.length;
  const reached = r.plan[r.stageIndex];
  const target = r.plan[r.stageIndex + 1];
  const lines = [`扩大可见范围 / Rollout: ${STATE_LABELS[r.state]}`];
  lines.push(
    target
      ? `目标阶段 / Aiming at: ${bilingualStageName(target)}（${r.stageIndex + 2}/${total}，${describeReach(target.reach)}）`
      : `已达到全部 ${total} 个阶段 / All ${total} stages reached`,
  );
  lines.push(`已达到 / Reached: ${reached ? bilingualStageName(reached) : '尚无 / none yet'}`);
  lines.push(
    r.actual
      ? `企业微信显示 / WeCom reports: ${describeVisibility(r.actual)}` +
          (r.actualObservedAt ? `（${formatLocal(r.actualObservedAt, opts.timeZone)}）` : '')
      : '企业微信显示 / WeCom reports: 尚未读取 / not read yet',
  );
  if (r.nextReminderAt) {
    lines.push(
      `下次提醒 / Next reminder: ${formatLocal(r.nextReminderAt, opts.timeZone)} (${opts.timeZone})`,
    );
  }
  if (r.unanswered > 0)
    lines.push(`未回复的提醒 / Unanswered reminders: ${r.unanswered}/${opts.maxUnanswered}`);
  return lines;
}

/** The same, for the admin's 状态 reply: in the enterprise's language, stages by their admin names. */
export function rolloutStatus(
  r: Rollout,
  opts: { timeZone: string; maxUnanswered: number; locale: Locale },
): string[] {
  const { status, state } = rolloutWords(opts.locale);
  const total = r.plan.length;
  const reached = r.plan[r.stageIndex];
  const target = r.plan[r.stageIndex + 1];
  const lines = [status.title(state[r.state])];
  lines.push(
    target
      ? status.aiming({
          name: reachName(target, opts.locale),
          index: r.stageIndex + 2,
          total,
          needs: reachNeeds(target.reach, opts.locale),
        })
      : status.allReached(total),
  );
  lines.push(status.reached(reached && reachName(reached, opts.locale)));
  lines.push(
    status.reports(
      r.actual && visibilityWords(r.actual, opts.locale),
      r.actual && r.actualObservedAt ? formatLocal(r.actualObservedAt, opts.timeZone) : undefined,
    ),
  );
  if (r.nextReminderAt)
    lines.push(status.nextReminder(formatLocal(r.nextReminderAt, opts.timeZone), opts.timeZone));
  if (r.unanswered > 0) lines.push(status.unanswered(r.unanswered, opts.maxUnanswered));
  return lines;
}

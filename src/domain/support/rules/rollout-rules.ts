import { REACH_FIX } from '../../delivery';
import { describeRollout } from '../../rollout/describe-rollout';
import { UNREACHABLE_REASON } from '../../rollout/rollout-tick';
import { isStuck, STUCK_OVERDUE_MS } from '../../rollout/is-stuck';
import { type EnterpriseRule, finding } from '../diagnosis-types';
import { elapsed } from '../elapsed';
import { ACTIONS } from './actions';
import { stillActive } from './active-apps';

/** The bot stopped reminding (unanswered reminders, or nobody to remind) and handed over to support. */
export const rolloutEscalated: EnterpriseRule = (f) =>
  f.rollouts
    .filter((r) => r.state === 'escalated' && stillActive(f, r.suiteId))
    .map((r) => {
      const why = r.history.findLast((h) => h.what === 'escalated');
      // Reminders that reached nobody: the fix is the admins' own place in the visible range.
      const unreachable = why?.detail?.startsWith(UNREACHABLE_REASON) ?? false;
      return finding({
        rule: 'rollout_escalated',
        key: `rollout_escalated:${r.suiteId}:${r.corpId}`,
        severity: 'warning',
        needsPerson: true,
        corpId: r.corpId,
        suiteId: r.suiteId,
        cause:
          `扩大可见范围的提醒已停止：${why?.detail ?? '转客服跟进'} / ` +
          `The rollout reminders stopped: ${why?.detail ?? 'escalated to support'}`,
        actor: unreachable ? 'enterprise_admin' : 'support',
        nextStep: unreachable
          ? `${REACH_FIX}；然后恢复提醒 / then resume the reminders.`
          : '联系管理员谈谈扩大可见范围，然后恢复提醒；若要从试点重新开始，用“从头开始” / Talk to the admin about widening the visibility, then resume the reminders; restart to begin again from the pilot.',
        action: ACTIONS.resumeRollout(r.suiteId, r.corpId),
        since: why?.at ?? r.updatedAt,
        evidence: describeRollout(r, { timeZone: f.timeZone, maxUnanswered: f.maxUnanswered }),
      });
    });

/** Active but not moving: a reminder long overdue (no scheduler claims it) or no progress for weeks. */
export const rolloutStuck: EnterpriseRule = (f) =>
  f.rollouts
    .filter((r) => r.state === 'active' && stillActive(f, r.suiteId) && isStuck(r, f.now))
    .map((r) => {
      const overdue = r.nextReminderAt && f.now.getTime() - r.nextReminderAt.getTime() > STUCK_OVERDUE_MS;
      const late = overdue ? elapsed(f.now.getTime() - r.nextReminderAt!.getTime()) : undefined;
      return finding({
        rule: 'rollout_stuck',
        key: `rollout_stuck:${r.suiteId}:${r.corpId}`,
        severity: 'warning',
        needsPerson: true,
        corpId: r.corpId,
        suiteId: r.suiteId,
        cause: late
          ? `提醒已逾期 ${late.zh}：没有实例在执行定时任务 / The reminder is ${late.en} overdue: no instance runs the scheduler`
          : '扩大可见范围长期没有进展 / The rollout has not moved for weeks',
        actor: 'support',
        nextStep: late
          ? '检查机器人是否在运行、scheduler.enabled 是否为 true / Check that the bot runs with scheduler.enabled = true.'
          : '联系管理员了解情况；需要时从试点重新开始 / Ask the admin how it goes; restart from the pilot if needed.',
        ...(late ? {} : { action: ACTIONS.restartRollout(r.suiteId, r.corpId) }),
        since: late ? r.nextReminderAt : r.updatedAt,
        evidence: describeRollout(r, { timeZone: f.timeZone, maxUnanswered: f.maxUnanswered }),
      });
    });

import { wordsFor, type Catalogue } from '../../../shared/locale';
import { UNREACHABLE_REASON } from '../../rollout/rollout-tick';
import { isStuck, STUCK_OVERDUE_MS } from '../../rollout/is-stuck';
import { type EnterpriseRule, finding } from '../diagnosis-types';
import { rolloutLines } from '../rollout-lines';
import { elapsedWords, supportWords } from '../support-words';
import { actions } from './actions';
import { stillActive } from './active-apps';

interface RolloutRuleWords {
  stopped: (why: string) => string;
  escalated: string;
  unreachable: string;
  noAdmins: string;
  unanswered: (n: number) => string;
  thenResume: (fix: string) => string;
  talk: string;
  overdue: (late: string) => string;
  notMoving: string;
  checkScheduler: string;
  askAdmin: string;
}

const WORDS: Catalogue<RolloutRuleWords> = {
  'zh-CN': {
    stopped: (why) => `扩大可见范围的提醒已停止：${why}`,
    escalated: '转客服跟进',
    unreachable: '提醒发不到任何管理员',
    noAdmins: '不知道管理员是谁',
    unanswered: (n) => `${n} 次提醒无人回复`,
    thenResume: (fix) => `${fix}；然后恢复提醒。`,
    talk: '联系管理员谈谈扩大可见范围，然后恢复提醒；若要从试点重新开始，用“从头开始”。',
    overdue: (late) => `提醒已逾期 ${late}：没有实例在执行定时任务`,
    notMoving: '扩大可见范围长期没有进展',
    checkScheduler: '检查机器人是否在运行、scheduler.enabled 是否为 true。',
    askAdmin: '联系管理员了解情况；需要时从试点重新开始。',
  },
  en: {
    stopped: (why) => `The rollout reminders stopped: ${why}`,
    escalated: 'escalated to support',
    unreachable: 'the reminders reached no admin',
    noAdmins: 'no admins known',
    unanswered: (n) => `${n} reminder${n === 1 ? '' : 's'} unanswered`,
    thenResume: (fix) => `${fix}; then resume the reminders.`,
    talk: 'Talk to the admin about widening the visibility, then resume the reminders; restart to begin again from the pilot.',
    overdue: (late) => `The reminder is ${late} overdue: no instance runs the scheduler`,
    notMoving: 'The rollout has not moved for weeks',
    checkScheduler: 'Check that the bot runs with scheduler.enabled = true.',
    askAdmin: 'Ask the admin how it goes; restart from the pilot if needed.',
  },
};

/** The bot stopped reminding (unanswered reminders, or nobody to remind) and handed over to support. */
export const rolloutEscalated: EnterpriseRule = (f) => {
  const w = wordsFor(WORDS, f.locale);
  return f.rollouts
    .filter((r) => r.state === 'escalated' && stillActive(f, r.suiteId))
    .map((r) => {
      const why = r.history.findLast((h) => h.what === 'escalated');
      // Reminders that reached nobody: the fix is the admins' own place in the visible range.
      const unreachable = why?.detail?.startsWith(UNREACHABLE_REASON) ?? false;
      return finding(
        {
          rule: 'rollout_escalated',
          key: `rollout_escalated:${r.suiteId}:${r.corpId}`,
          severity: 'warning',
          needsPerson: true,
          corpId: r.corpId,
          suiteId: r.suiteId,
          cause: w.stopped(escalationReason(w, why?.detail, unreachable)),
          actor: unreachable ? 'enterprise_admin' : 'support',
          nextStep: unreachable ? w.thenResume(supportWords(f.locale).reachFix) : w.talk,
          action: actions(f.locale).resumeRollout(r.suiteId, r.corpId),
          since: why?.at ?? r.updatedAt,
          evidence: rolloutLines(r, f, f.locale),
        },
        f.locale,
      );
    });
};

/** Active but not moving: a reminder long overdue (no scheduler claims it) or no progress for weeks. */
export const rolloutStuck: EnterpriseRule = (f) => {
  const w = wordsFor(WORDS, f.locale);
  return f.rollouts
    .filter((r) => r.state === 'active' && stillActive(f, r.suiteId) && isStuck(r, f.now))
    .map((r) => {
      const overdue = r.nextReminderAt && f.now.getTime() - r.nextReminderAt.getTime() > STUCK_OVERDUE_MS;
      const late = overdue
        ? elapsedWords(f.now.getTime() - r.nextReminderAt!.getTime(), f.locale)
        : undefined;
      return finding(
        {
          rule: 'rollout_stuck',
          key: `rollout_stuck:${r.suiteId}:${r.corpId}`,
          severity: 'warning',
          needsPerson: true,
          corpId: r.corpId,
          suiteId: r.suiteId,
          cause: late ? w.overdue(late) : w.notMoving,
          actor: 'support',
          nextStep: late ? w.checkScheduler : w.askAdmin,
          ...(late ? {} : { action: actions(f.locale).restartRollout(r.suiteId, r.corpId) }),
          since: late ? r.nextReminderAt : r.updatedAt,
          evidence: rolloutLines(r, f, f.locale),
        },
        f.locale,
      );
    });
};

/** The reason the rollout tick recorded, in the findings' words; one it does not know, as recorded. */
function escalationReason(w: RolloutRuleWords, detail: string | undefined, unreachable: boolean): string {
  if (unreachable) return w.unreachable;
  if (detail === undefined) return w.escalated;
  if (detail === 'no admins known') return w.noAdmins;
  const unanswered = /^(\d+) reminders unanswered$/.exec(detail);
  return unanswered ? w.unanswered(Number(unanswered[1])) : detail;
}

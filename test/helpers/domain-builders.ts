import type { App, Authorization, Rollout } from '../../src/domain/model';
import { MINUTE } from '../../src/shared/clock';

/** An active authorization of 示例科技 with two admins; override what a test cares about. */
export function anAuthorization(
  at: Date,
  o: Partial<Authorization> & Pick<Authorization, 'suiteId' | 'corpId'>,
): Authorization {
  return {
    corpName: '示例科技',
    agentId: 1000002,
    admins: ['zhangsan', 'lisi'],
    permanentCodeEnc: 'sealed',
    state: 'active',
    timeZone: 'Asia/Shanghai',
    createdAt: at,
    updatedAt: at,
    ...o,
  };
}

/** An enabled app of that authorization; override what a test cares about. */
export function anApp(at: Date, o: Partial<App> & Pick<App, 'suiteId' | 'corpId'>): App {
  return {
    agentId: 1000002,
    name: '客户管家',
    status: 'enabled',
    statusHistory: [],
    configuration: {},
    closed: false,
    effectivePermissions: [],
    createdAt: at,
    updatedAt: at,
    ...o,
  };
}

/**
 * An active rollout at its first stage whose reminder was due a minute ago, with the visibility
 * WeCom last reported; override what a test cares about.
 */
export function aDueRollout(
  at: Date,
  o: Partial<Rollout> & Pick<Rollout, 'suiteId' | 'corpId' | 'plan' | 'actual'>,
): Rollout {
  return {
    stageIndex: 0,
    state: 'active',
    nextReminderAt: new Date(at.getTime() - MINUTE),
    unanswered: 0,
    remindersSent: 0,
    actualObservedAt: at,
    history: [],
    createdAt: at,
    updatedAt: at,
    ...o,
  };
}

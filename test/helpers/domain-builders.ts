import type { App, Authorization } from '../../src/domain/model';

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

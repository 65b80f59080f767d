import { startTourWorld, type TourWorld } from '../../scripts/demo/tour-world';

const ADMINS = ['zhangsan', 'lisi'];

describe('re-authorization through the simulator', () => {
  let w: TourWorld;
  beforeEach(async () => {
    w = await startTourWorld('2026-03-02T02:00:00Z');
  });
  afterEach(() => w.close());

  it('cancel, then authorize again: WeCom makes a new app, and 状态 answers about it only', async () => {
    const { sim, suiteId } = w;
    const stores = w.running.container.stores;
    const first = await sim.authorizeTemplate(suiteId, {
      corpName: '示例科技',
      admins: ADMINS,
      members: ['wangwu'],
    });
    const { corpId } = first;
    await w.settle();
    await w.putOnline(corpId);
    sim.setVisibility(corpId, { users: [...ADMINS, 'wangwu'] });
    await w.tap(corpId, 'zhangsan', /试点/);
    expect((await stores.rollouts.get(suiteId, corpId))?.stageIndex).toBe(0);

    await sim.cancelAuthorization(corpId);
    await w.settle();
    const again = await sim.authorizeTemplate(suiteId, { corpName: '示例科技', admins: ADMINS, corpId });
    await w.settle();
    expect(again.agentId).not.toBe(first.agentId);

    const app = await stores.apps.get(suiteId, corpId);
    expect(app).toMatchObject({ agentId: again.agentId, status: 'developing', effectivePermissions: [] });
    expect(app?.previousApps).toEqual([
      expect.objectContaining({ agentId: first.agentId, status: 'enabled', rolloutStage: '试点' }),
    ]);

    await sim.sendText(corpId, 'lisi', '状态');
    await w.settle();
    await w.tick();
    const reply = sim
      .inbox(corpId, 'lisi')
      .filter((e) => e.from === 'app' && e.msgtype === 'text')
      .at(-1);
    expect(reply?.content).toContain('状态：开发中');
    expect(reply?.content).toContain('尚未开始');
    expect(reply?.content).not.toContain('3 位成员');
    expect(reply?.content).not.toContain('试点');
  });
});

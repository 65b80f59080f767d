import { startTourWorld, type TourWorld } from '../../scripts/demo/tour-world';

const ADMINS = ['zhangsan', 'lisi'];

/** The texts an admin really received from the app (what WeCom delivered, not what the bot sent). */
function textsTo(w: TourWorld, corpId: string, userId: string): string[] {
  return w.sim
    .inbox(corpId, userId)
    .filter((e) => e.from === 'app' && e.msgtype === 'text')
    .map((e) => e.content ?? '');
}

describe('what reaches the admins, as WeCom delivers it (simulator)', () => {
  let w: TourWorld;
  let corpId: string;
  beforeEach(async () => {
    w = await startTourWorld('2026-03-02T02:00:00Z');
    ({ corpId } = await w.sim.authorizeTemplate(w.suiteId, { corpName: '示例科技', admins: ADMINS }));
    await w.settle();
  });
  afterEach(() => w.close());

  it('answers 帮助 three times in a row: WeCom’s duplicate check never swallows a repeated reply', async () => {
    for (let i = 0; i < 3; i++) {
      await w.sim.sendText(corpId, 'zhangsan', '帮助');
      await w.settle();
    }
    const answers = textsTo(w, corpId, 'zhangsan');
    expect(answers).toHaveLength(3);
    expect(new Set(answers).size).toBe(1);
    const sent = await w.running.container.stores.outbox.list({ corpId, topic: 'text_reply' });
    expect(sent.map((m) => m.status)).toEqual(['sent', 'sent', 'sent']);
  });
});

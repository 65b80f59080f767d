import { HOUR } from '../../src/shared/clock';
import { authorizeAndGetToken } from '../unit/simulator/helpers/token-flow';
import { simWorld } from '../unit/simulator/helpers/world';

const card = (taskId: string, extra: Record<string, unknown> = {}) => ({
  card_type: 'button_interaction',
  main_title: { title: '权限变更待确认', desc: '客户联系 customer_contact' },
  task_id: taskId,
  button_list: [
    { text: '同意', style: 1, key: 'approve' },
    { text: '暂不授权', style: 2, key: 'decline' },
  ],
  ...extra,
});

async function setup() {
  const world = simWorld();
  const flow = await authorizeAndGetToken(world.sim, {
    corpName: '示例科技',
    admins: ['zhangsan'],
    members: ['lisi', 'wangwu'],
    departments: [{ id: 2, name: '销售部', members: ['sales1', 'sales2'] }],
  });
  const send = (body: Record<string, unknown>) =>
    flow.api
      .post('/cgi-bin/message/send')
      .query({ access_token: flow.accessToken })
      .send({ agentid: flow.agentId, ...body });
  const update = (body: Record<string, unknown>) =>
    flow.api
      .post('/cgi-bin/message/update_template_card')
      .query({ access_token: flow.accessToken })
      .send({ agentid: flow.agentId, ...body });
  return { ...world, ...flow, send, update };
}

describe('simulator message/send', () => {
  it('delivers text to visible users and names the others in invaliduser', async () => {
    const { sim, corpId, send } = await setup();
    const res = await send({
      touser: 'zhangsan|lisi|ghost',
      msgtype: 'text',
      text: { content: '应用已启用' },
    });
    expect(res.body).toEqual({
      errcode: 0,
      errmsg: 'ok',
      invaliduser: 'lisi|ghost',
      invalidparty: '',
      invalidtag: '',
      msgid: expect.any(String),
    });
    expect(sim.inbox(corpId, 'zhangsan')).toMatchObject([
      { from: 'app', msgtype: 'text', content: '应用已启用' },
    ]);
    expect(sim.inbox(corpId, 'lisi')).toEqual([]);
  });

  it('answers 81013 when every recipient is invalid, and delivers after the range widens', async () => {
    const { sim, corpId, send } = await setup();
    const body = { touser: 'lisi|wangwu', msgtype: 'markdown', markdown: { content: '**提醒**' } };
    const refused = await send(body);
    expect(refused.body).toMatchObject({ errcode: 81013, invaliduser: 'lisi|wangwu' });
    expect((await send({ msgtype: 'text', text: { content: 'x' } })).body.errcode).toBe(81013);
    sim.setVisibility(corpId, { parties: [1] });
    expect((await send(body)).body).toMatchObject({ errcode: 0, invaliduser: '' });
    expect(sim.inbox(corpId, 'wangwu')).toMatchObject([{ msgtype: 'markdown', content: '**提醒**' }]);
  });

  it('sends to a department only when it is in the range; party 1 covers the whole company', async () => {
    const { sim, corpId, send } = await setup();
    expect((await send({ toparty: '2', msgtype: 'text', text: { content: 'a' } })).body).toMatchObject({
      errcode: 81013,
      invalidparty: '2',
    });
    sim.setVisibility(corpId, { parties: [2] });
    const ok = await send({ toparty: '2', touser: 'zhangsan', msgtype: 'text', text: { content: 'a' } });
    expect(ok.body).toMatchObject({ errcode: 0, invaliduser: 'zhangsan' });
    expect(sim.inbox(corpId, 'sales2')).toHaveLength(1);
    sim.setVisibility(corpId, { parties: [1] });
    await send({ touser: '@all', msgtype: 'text', text: { content: 'b' } });
    expect(sim.inbox(corpId, 'sales1')).toHaveLength(2);
    expect(sim.inbox(corpId, 'lisi')).toHaveLength(1);
  });

  it('checks agentid, msgtype, content and recipient count like WeCom', async () => {
    const { send, agentId } = await setup();
    expect(
      (await send({ agentid: agentId + 1, touser: 'zhangsan', msgtype: 'text', text: { content: 'a' } })).body
        .errcode,
    ).toBe(301002);
    expect(
      (await send({ agentid: undefined, touser: 'zhangsan', msgtype: 'text', text: { content: 'a' } })).body
        .errcode,
    ).toBe(41011);
    expect((await send({ touser: 'zhangsan', msgtype: 'image', image: {} })).body.errcode).toBe(40008);
    expect((await send({ touser: 'zhangsan', msgtype: 'text', text: { content: '' } })).body.errcode).toBe(
      44004,
    );
    expect(
      (await send({ touser: 'zhangsan', msgtype: 'text', text: { content: '字'.repeat(683) } })).body.errcode,
    ).toBe(45002);
    const many = Array.from({ length: 1001 }, (_, i) => `u${i}`).join('|');
    expect((await send({ touser: many, msgtype: 'text', text: { content: 'a' } })).body.errcode).toBe(40032);
  });

  it('does not deliver identical JSON again within the duplicate-check interval', async () => {
    const { sim, clock, corpId, send } = await setup();
    const body = {
      touser: 'zhangsan',
      msgtype: 'text',
      text: { content: '请扩大可见范围' },
      enable_duplicate_check: 1,
      duplicate_check_interval: 600,
    };
    const first = await send(body);
    const second = await send(body);
    expect(second.body).toEqual(first.body);
    expect(sim.inbox(corpId, 'zhangsan')).toHaveLength(1);
    clock.advance(601_000);
    const third = await send(body);
    expect(third.body.msgid).not.toBe(first.body.msgid);
    expect(sim.inbox(corpId, 'zhangsan')).toHaveLength(2);
    // Without the flag the same JSON is delivered each time.
    const plain = { ...body, enable_duplicate_check: 0 };
    await send(plain);
    await send(plain);
    expect(sim.inbox(corpId, 'zhangsan')).toHaveLength(4);
  });

  it('checks button_interaction cards: title, task_id rules and uniqueness, 1..6 buttons with text and key', async () => {
    const { sim, corpId, send } = await setup();
    const sendCard = (c: unknown) => send({ touser: 'zhangsan', msgtype: 'template_card', template_card: c });
    const ok = await sendCard(card('perm-1@corp_A'));
    expect(ok.body).toMatchObject({
      errcode: 0,
      response_code: expect.any(String),
      msgid: expect.any(String),
    });
    expect((await sendCard(card('perm-1@corp_A'))).body).toMatchObject({
      errcode: 40058,
      errmsg: expect.stringContaining('task_id'),
    });
    expect((await sendCard(card('has space'))).body.errcode).toBe(40058);
    expect((await sendCard(card('x'.repeat(129)))).body.errcode).toBe(40058);
    expect((await sendCard(card('no-title', { main_title: { desc: 'd' } }))).body.errcode).toBe(40058);
    expect((await sendCard(card('no-buttons', { button_list: [] }))).body.errcode).toBe(40058);
    const seven = Array.from({ length: 7 }, (_, i) => ({ text: `b${i}`, key: `k${i}` }));
    expect((await sendCard(card('seven', { button_list: seven }))).body.errcode).toBe(40058);
    expect((await sendCard(card('no-key', { button_list: [{ text: 'a' }] }))).body.errcode).toBe(40058);
    const noTask = { ...card(''), task_id: undefined };
    expect((await sendCard(noTask)).body.errcode).toBe(40058);
    expect(sim.inbox(corpId, 'zhangsan')).toMatchObject([
      { msgtype: 'template_card', card: { task_id: 'perm-1@corp_A' } },
    ]);
  });

  it('accepts a card with fields over WeCom’s documented limits and lists each one (WeCom has no errcode for it)', async () => {
    const { sim, corpId, send, update } = await setup();
    const within = await send({ touser: 'zhangsan', msgtype: 'template_card', template_card: card('t0') });
    expect(sim.state.limitViolations).toEqual([]);
    const long = card('t9', {
      main_title: { title: '两种语言 / Two languages in every line of this title' },
      horizontal_content_list: [
        { keyname: '建议 / Advice', value: '3–10 位试点成员，加上管理员 / 3–10 pilots plus the admins' },
      ],
    });
    const res = await send({ touser: 'zhangsan', msgtype: 'template_card', template_card: long });
    expect(res.body.errcode).toBe(0);
    await update({
      userids: ['zhangsan'],
      response_code: within.body.response_code,
      button: { replace_name: '已扩大 / Widened' },
    });
    expect(sim.state.limitViolations.map((v) => [v.api, v.field, v.max])).toEqual([
      ['message/send', 'main_title.title', 26],
      ['message/send', 'horizontal_content_list[0].keyname', 5],
      ['message/send', 'horizontal_content_list[0].value', 26],
      ['message/update_template_card', 'button.replace_name', 10],
    ]);
    expect(sim.state.limitViolations[0]).toMatchObject({ corpId, length: 48 });
  });

  it('update_template_card replaces the buttons once; a used or expired response_code answers 60140', async () => {
    const { sim, clock, api, corpId, agentId, permanentCode, send, update } = await setup();
    sim.setVisibility(corpId, { users: ['zhangsan', 'lisi'] });
    const sent = await send({ touser: 'zhangsan|lisi', msgtype: 'template_card', template_card: card('t1') });
    const code = sent.body.response_code as string;
    const first = await update({
      userids: ['zhangsan'],
      response_code: code,
      button: { replace_name: '已同意' },
    });
    expect(first.body).toEqual({ errcode: 0, errmsg: 'ok', invaliduser: [] });
    expect(sim.inbox(corpId, 'zhangsan')[0]).toMatchObject({ replacedName: '已同意' });
    expect(sim.inbox(corpId, 'lisi')[0].replacedName).toBeUndefined();
    const reused = await update({
      userids: ['lisi'],
      response_code: code,
      button: { replace_name: '已同意' },
    });
    expect(reused.body.errcode).toBe(60140);

    const again = await send({ touser: 'lisi', msgtype: 'template_card', template_card: card('t2') });
    clock.advance(72 * HOUR + 1000);
    const token = await api.get('/cgi-bin/gettoken').query({ corpid: corpId, corpsecret: permanentCode });
    const late = await api
      .post('/cgi-bin/message/update_template_card')
      .query({ access_token: token.body.access_token })
      .send({
        agentid: agentId,
        userids: ['lisi'],
        response_code: again.body.response_code,
        button: { replace_name: 'x' },
      });
    expect(late.body.errcode).toBe(60140);
  });

  it('update_template_card can swap the whole card; clicks on replaced buttons are refused', async () => {
    const { sim, corpId, send, update } = await setup();
    await send({ touser: 'zhangsan', msgtype: 'template_card', template_card: card('t3') });
    const click = await sim.clickCardButton(corpId, 'zhangsan', 't3', 'approve');
    expect(click.responseCode).toEqual(expect.any(String));
    const swapped = await update({
      userids: ['zhangsan'],
      response_code: click.responseCode,
      template_card: card('t3', {
        main_title: { title: '已处理' },
        button_list: [{ text: '好的', key: 'ok' }],
      }),
    });
    expect(swapped.body.errcode).toBe(0);
    expect(sim.inbox(corpId, 'zhangsan')[0].card?.main_title?.title).toBe('已处理');
    const { responseCode } = await sim.clickCardButton(corpId, 'zhangsan', 't3', 'ok');
    await update({ userids: ['zhangsan'], response_code: responseCode, button: { replace_name: '已确认' } });
    await expect(sim.clickCardButton(corpId, 'zhangsan', 't3', 'ok')).rejects.toThrow(/already replaced/);
    await expect(sim.clickCardButton(corpId, 'zhangsan', 't3', 'nope')).rejects.toThrow();
  });
});

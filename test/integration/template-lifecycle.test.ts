import { createTestBot, type TestBot } from '../helpers/test-bot';

const T = 'wwtemplate1';
const status = (suiteId: string) => `/admin/api/templates/${suiteId}/status`;

describe('templates as the handbook has them', () => {
  let bot: TestBot;
  beforeEach(async () => {
    bot = await createTestBot();
  });
  afterEach(() => bot.close());

  async function record(body: Record<string, unknown>) {
    return bot.admin('post', '/admin/api/templates', { suiteId: T, name: '巡检', ...body });
  }

  it('walks created → in_review → created → in_review → approved → online, with the QR code and history', async () => {
    const created = await record({});
    expect(created.status).toBe(201);
    expect(created.body.template).toMatchObject({ status: 'created', statusHistory: [] });

    for (const to of ['in_review', 'created', 'in_review', 'approved']) {
      const res = await bot.admin('post', status(T), { status: to });
      expect([res.status, res.body.template.status]).toEqual([200, to]);
      bot.clock.advance(60_000);
    }
    const online = await bot.admin('post', status(T), {
      status: 'online',
      qrCode: 'https://qr.example/t1.png',
    });
    expect(online.status).toBe(200);
    expect(online.body.template).toMatchObject({ status: 'online', qrCode: 'https://qr.example/t1.png' });
    expect(
      online.body.template.statusHistory.map((h: { from: string; to: string; by: string }) => [
        h.from,
        h.to,
        h.by,
      ]),
    ).toEqual([
      ['created', 'in_review', 'support'],
      ['in_review', 'created', 'support'],
      ['created', 'in_review', 'support'],
      ['in_review', 'approved', 'support'],
      ['approved', 'online', 'support'],
    ]);
    expect(online.body.template.statusHistory[4].at).toBe(bot.clock.now().toISOString());

    const listed = await bot.admin('get', '/admin/api/templates');
    expect(listed.body.templates.find((t: { suiteId: string }) => t.suiteId === T)).toMatchObject({
      status: 'online',
      qrCode: 'https://qr.example/t1.png',
      statusHistory: expect.any(Array),
    });
  });

  it.each([
    ['created', 'approved', 'allowed from created: in_review'],
    ['created', 'online', 'allowed from created: in_review'],
    ['in_review', 'online', 'allowed from in_review: approved, created'],
    ['approved', 'created', 'allowed from approved: online'],
    ['online', 'in_review', 'online is final'],
  ])('refuses %s → %s with 409 naming the allowed moves', async (from, to, allowed) => {
    expect((await record({ status: from })).status).toBe(201);
    const res = await bot.admin('post', status(T), { status: to });
    expect(res.status).toBe(409);
    expect(res.body.message).toContain(allowed);
    expect((await bot.stores.templates.get(T))?.statusHistory).toEqual([]);
  });

  it('answers a move to the status it already has without a history entry', async () => {
    await record({ status: 'in_review' });
    const res = await bot.admin('post', status(T), { status: 'in_review' });
    expect([res.status, res.body.template.statusHistory]).toEqual([200, []]);
  });

  it('records a template already online with its QR code, and keeps a recorded status', async () => {
    const res = await record({ status: 'online', qrCode: 'qr/t1.png' });
    expect(res.body.template).toMatchObject({ status: 'online', qrCode: 'qr/t1.png' });
    const renamed = await record({ name: '巡检助手' });
    expect([renamed.status, renamed.body.template]).toEqual([
      200,
      expect.objectContaining({ name: '巡检助手', status: 'online', qrCode: 'qr/t1.png' }),
    ]);
    const another = await bot.admin('post', '/admin/api/templates', {
      suiteId: 'wwt2',
      name: '二',
      status: 'created',
    });
    expect(another.status).toBe(201);
    const skip = await bot.admin('post', '/admin/api/templates', {
      suiteId: 'wwt2',
      name: '二',
      status: 'online',
    });
    expect(skip.status).toBe(409);
    expect(skip.body.message).toContain('allowed from created: in_review');
  });

  it('takes a QR code only once online', async () => {
    const early = await record({ status: 'approved', qrCode: 'qr/t1.png' });
    expect(early.status).toBe(400);
    expect(early.body).toMatchObject({ field: 'qrCode', rule: 'online_only' });
    await record({ status: 'approved' });
    const withReview = await bot.admin('post', status(T), { status: 'in_review', qrCode: 'qr/t1.png' });
    expect([withReview.status, withReview.body.field]).toEqual([400, 'qrCode']);
    await bot.admin('post', '/admin/api/templates', { suiteId: 'wwt2', name: '二', status: 'created' });
    const refused = await bot.admin('post', status('wwt2'), { status: 'online', qrCode: 'qr/t2.png' });
    expect(refused.status).toBe(409);
    expect((await bot.stores.templates.get('wwt2'))?.qrCode).toBeUndefined();
  });

  it.each([
    [{}, 'status', 'required'],
    [{ status: 'draft' }, 'status', 'one_of'],
    [{ status: 'online', qrCode: 'javascript://x' }, 'qrCode', 'format'],
    [{ status: 'online', qrCode: 'two words' }, 'qrCode', 'format'],
    [{ status: 'online', qrCode: 7 }, 'qrCode', 'type'],
    [{ status: 'online', qrcode: 'x' }, 'qrcode', 'unknown_field'],
    [[], 'body', 'type'],
  ])('answers 400 naming the field for %j', async (body, field, rule) => {
    await record({ status: 'approved' });
    const res = await bot.admin('post', status(T), body);
    expect([res.status, res.body.field, res.body.rule]).toEqual([400, field, rule]);
  });

  it('answers 404 for an unknown template and 400 for a bad record', async () => {
    expect((await bot.admin('post', status('wwnone'), { status: 'in_review' })).status).toBe(404);
    const res = await bot.admin('post', '/admin/api/templates', { suiteId: ' ', name: 'x' });
    expect([res.status, res.body.field]).toEqual([400, 'suiteId']);
  });

  it('combines only online templates into a batch QR code', async () => {
    await bot.admin('post', '/admin/api/templates', { suiteId: 'wwa', name: 'A', status: 'online' });
    await bot.admin('post', '/admin/api/templates', { suiteId: 'wwb', name: 'B', status: 'approved' });
    const refused = await bot.admin('post', '/admin/api/batch-qr-codes', { suiteIds: ['wwa', 'wwb'] });
    expect(refused.status).toBe(409);
    await bot.admin('post', status('wwb'), { status: 'online' });
    expect((await bot.admin('post', '/admin/api/batch-qr-codes', { suiteIds: ['wwa', 'wwb'] })).status).toBe(
      201,
    );
  });
});

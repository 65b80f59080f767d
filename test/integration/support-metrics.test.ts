import { renderMetrics } from '../../src/gateway/routes/metrics';
import { createTestBot, SUITE, seconds, xml, type TestBot } from '../helpers/test-bot';
import { anError, seed } from '../unit/domain/support/support-fixture';

const SAMPLE =
  /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\["\\n])*",?)*\})? -?\d+(\.\d+)?$/;

/** Parses the text format strictly: every sample belongs to a family announced by HELP then TYPE. */
function parse(text: string): Map<string, { type: string; samples: string[] }> {
  expect(text.endsWith('\n')).toBe(true);
  const families = new Map<string, { type: string; samples: string[] }>();
  let current: string | undefined;
  const lines = text.slice(0, -1).split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const help = /^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) \S.*$/.exec(line);
    if (help) {
      const type = /^# TYPE (\S+) (counter|gauge)$/.exec(lines[++i] ?? '');
      expect(type?.[1]).toBe(help[1]);
      expect(families.has(help[1]!)).toBe(false);
      current = help[1]!;
      families.set(current, { type: type![2]!, samples: [] });
      continue;
    }
    const sample = SAMPLE.exec(line);
    expect([line, Boolean(sample)]).toEqual([line, true]);
    expect(sample![1]).toBe(current);
    families.get(current!)!.samples.push(line);
  }
  return families;
}

describe('GET /metrics', () => {
  let bot: TestBot;
  beforeEach(async () => {
    bot = await createTestBot();
  });
  afterEach(() => bot.close());

  it('serves the Prometheus text format 0.0.4 (open without metricsToken), with no enterprise named', async () => {
    await seed(bot.stores, { auth: { suiteId: SUITE.suiteId, corpId: 'wwsecretcorp' } });
    await seed(bot.stores, {
      auth: { suiteId: SUITE.suiteId, corpId: 'wwother', state: 'cancelled' },
      rollout: { state: 'escalated' },
    });
    await bot.stores.wecomErrors.record(anError({ corpId: 'wwsecretcorp', errcode: 60020 }));
    await bot.stores.wecomErrors.record(anError({ corpId: 'wwsecretcorp', errcode: 60020 }));
    await bot.templateCallback(
      xml({
        SuiteId: SUITE.suiteId,
        InfoType: 'suite_ticket',
        TimeStamp: seconds(bot.clock),
        SuiteTicket: 'T',
      }),
    );
    // Rejections: an unknown template and a bad signature.
    await bot
      .http()
      .post('/wecom/templates/wwunknown/callback')
      .query({ msg_signature: 'x', timestamp: '1', nonce: 'n' })
      .send('<xml/>');
    await bot
      .http()
      .post(`/wecom/apps/${SUITE.suiteId}/callback`)
      .query({ msg_signature: 'bad', timestamp: String(seconds(bot.clock)), nonce: 'n' })
      .type('text/xml')
      .send('<xml><Encrypt><![CDATA[AAAA]]></Encrypt></xml>');

    const res = await bot.http().get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(res.text).not.toContain('wwsecretcorp');
    expect(res.text).not.toContain('wwother');
    expect(res.text).not.toMatch(/secret|token|PCODE/i);

    const f = parse(res.text);
    expect(f.get('wecom_bot_callback_responses_total')).toEqual({
      type: 'counter',
      samples: expect.arrayContaining([
        'wecom_bot_callback_responses_total{kind="templates",code="200"} 1',
        'wecom_bot_callback_responses_total{kind="templates",code="404"} 1',
        expect.stringMatching(/^wecom_bot_callback_responses_total\{kind="apps",code="4\d\d"\} 1$/),
      ]),
    });
    expect(f.get('wecom_bot_callbacks')!.samples).toEqual([
      'wecom_bot_callbacks{kind="suite_ticket",status="handled"} 1',
    ]);
    expect(f.get('wecom_bot_wecom_api_errors_total')!.samples).toEqual([
      'wecom_bot_wecom_api_errors_total{errcode="60020"} 2',
    ]);
    expect(f.get('wecom_bot_outbox_messages')!.samples).toContain(
      'wecom_bot_outbox_messages{status="failed"} 0',
    );
    expect(f.get('wecom_bot_rollouts')!.samples).toEqual(
      expect.arrayContaining([
        'wecom_bot_rollouts{stage="members",state="active"} 1',
        'wecom_bot_rollouts{stage="members",state="escalated"} 1',
        'wecom_bot_rollouts{stage="none",state="active"} 0',
      ]),
    );
    expect(f.get('wecom_bot_apps')!.samples).toContain(
      `wecom_bot_apps{template="${SUITE.suiteId}",status="enabled"} 2`,
    );
    expect(f.get('wecom_bot_authorizations')!.samples).toEqual([
      'wecom_bot_authorizations{state="active"} 1',
      'wecom_bot_authorizations{state="cancelled"} 1',
    ]);
    expect(f.get('wecom_bot_permission_requests')!.type).toBe('gauge');
    expect(f.get('wecom_bot_rollouts_stuck')!.samples).toEqual(['wecom_bot_rollouts_stuck 1']);
    expect(f.get('wecom_bot_events_queued')).toEqual({
      type: 'gauge',
      samples: ['wecom_bot_events_queued 0'],
    });
    expect(f.get('wecom_bot_events_deferred_total')).toEqual({
      type: 'counter',
      samples: ['wecom_bot_events_deferred_total 0'],
    });
  });
});

describe('GET /metrics at any size', () => {
  it('counts without listing any collection', async () => {
    const bot = await createTestBot();
    try {
      await seed(bot.stores, { auth: { suiteId: SUITE.suiteId, corpId: 'wwcorp' }, rollout: {} });
      await bot.templateCallback(
        xml({
          SuiteId: SUITE.suiteId,
          InfoType: 'suite_ticket',
          TimeStamp: seconds(bot.clock),
          SuiteTicket: 'T',
        }),
      );
      const listings = Object.values(bot.stores as unknown as Record<string, Record<string, unknown>>)
        .filter((store) => typeof store.list === 'function')
        .map((store) => jest.spyOn(store as { list: () => Promise<unknown[]> }, 'list'));
      expect(listings.length).toBeGreaterThanOrEqual(8);
      const res = await bot.http().get('/metrics');
      expect(res.status).toBe(200);
      expect(res.text).toContain('wecom_bot_callbacks{kind="suite_ticket",status="handled"} 1');
      expect(res.text).toContain('wecom_bot_authorizations{state="active"} 1');
      for (const list of listings) expect(list).not.toHaveBeenCalled();
    } finally {
      await bot.close();
    }
  });

  it('asks for the bearer metricsToken when one is configured', async () => {
    const bot = await createTestBot({ metricsToken: 'metrics-token-0123456789' });
    try {
      expect((await bot.http().get('/metrics')).status).toBe(401);
      const wrong = await bot.http().get('/metrics').set('Authorization', 'Bearer metrics-token-wrong-000');
      expect(wrong.status).toBe(401);
      const right = await bot.http().get('/metrics').set('Authorization', 'Bearer metrics-token-0123456789');
      expect(right.status).toBe(200);
      expect(right.text).toContain('wecom_bot_outbox_messages');
    } finally {
      await bot.close();
    }
  });
});

describe('renderMetrics', () => {
  it('escapes label values and help text as the format asks', () => {
    const text = renderMetrics([
      {
        name: 'x_total',
        help: 'a \\ b\nc',
        type: 'counter',
        samples: [{ labels: { v: 'say "hi"\\\n' }, value: 3 }],
      },
    ]);
    expect(text).toBe(
      '# HELP x_total a \\\\ b\\nc\n# TYPE x_total counter\nx_total{v="say \\"hi\\"\\\\\\n"} 3\n',
    );
    expect(parse(text).get('x_total')!.samples).toHaveLength(1);
  });
});

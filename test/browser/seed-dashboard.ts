import nock from '../helpers/nock';
import { SUITE, WECOM_BASE, seconds, xml, type TestBot } from '../helpers/test-bot';

/** Enterprises for the dashboard tests; one name carries markup that must come out escaped. */
export const CORPS = {
  pilot: { corpId: 'wwcorppilot', name: '示例科技', admins: ['zhangsan', 'lisi'] },
  hostile: { corpId: 'wwcorphostile', name: '<script>alert("x")</script>贸易', admins: ['wangwu'] },
  quiet: { corpId: 'wwcorpquiet', name: '远航物流', admins: ['zhaoliu'] },
} as const;

type Corp = (typeof CORPS)[keyof typeof CORPS];
type Body = Record<string, unknown>;

/**
 * WeCom as the bot's real calls meet it, for every corp above (answers picked by corp id, token
 * or auth code). Persistent until nock.cleanAll(), which the jest setup runs after each test.
 */
export function fakeWecom(opts: { failSendsTo?: readonly string[] } = {}): { sent: Body[] } {
  const sent: Body[] = [];
  const corps: Corp[] = Object.values(CORPS);
  const byId = (id: unknown) => corps.find((c) => c.corpId === id)!;
  const byToken = (uri: string) => byId(new URL(uri, WECOM_BASE).searchParams.get('access_token')?.slice(4));
  nock(WECOM_BASE)
    .persist()
    .post('/cgi-bin/service/get_suite_token')
    .reply(200, { errcode: 0, suite_access_token: 'SUITE_TOKEN', expires_in: 7200 })
    .post('/cgi-bin/service/v2/get_permanent_code')
    .query(true)
    .reply(200, (_uri, body) => {
      const corp = byId(String((body as Body).auth_code).slice(3));
      return {
        errcode: 0,
        permanent_code: `PERMANENT_${corp.corpId}`,
        auth_corp_info: { corpid: corp.corpId, corp_name: corp.name },
        auth_user_info: { userid: corp.admins[0] },
      };
    })
    .post('/cgi-bin/service/get_auth_info')
    .query(true)
    .reply(200, (_uri, body) => {
      const corp = byId((body as Body).auth_corpid);
      return {
        errcode: 0,
        auth_corp_info: { corpid: corp.corpId, corp_name: corp.name },
        auth_info: {
          agent: [
            {
              agentid: 1000002,
              name: SUITE.name,
              privilege: { allow_user: [], allow_party: [], allow_tag: [] },
            },
          ],
        },
      };
    })
    .get('/cgi-bin/gettoken')
    .query(true)
    .reply(200, (uri) => ({
      errcode: 0,
      access_token: `APP_${new URL(uri, WECOM_BASE).searchParams.get('corpid')}`,
      expires_in: 7200,
    }))
    .post('/cgi-bin/agent/get_admin_list')
    .query(true)
    .reply(200, (uri) => ({
      errcode: 0,
      admin: byToken(uri).admins.map((userid) => ({ userid, auth_type: 1 })),
    }))
    .post('/cgi-bin/message/send')
    .query(true)
    .reply(200, (uri, body) => {
      sent.push(body as Body);
      if (opts.failSendsTo?.includes(byToken(uri).corpId))
        return { errcode: 81013, errmsg: 'user not found' };
      return { errcode: 0, errmsg: 'ok', msgid: `m${sent.length}`, response_code: `rc-${sent.length}` };
    })
    .post('/cgi-bin/webhook/send')
    .query(true)
    .reply(200, { errcode: 0, errmsg: 'ok' });
  return { sent };
}

/** Authorizes the corp through the template callbacks, as a scan of the QR code would. */
export async function authorize(bot: TestBot, corp: Corp): Promise<void> {
  await bot.templateCallback(
    xml({
      SuiteId: SUITE.suiteId,
      InfoType: 'create_auth',
      TimeStamp: seconds(bot.clock),
      AuthCode: `AC-${corp.corpId}`,
    }),
  );
}

/**
 * Three enterprises through the real paths: the pilot is enabled (its rollout starts) and has a
 * custom-permission request waiting; the hostile one is still developing; the quiet one is enabled.
 */
export async function seedDashboard(bot: TestBot): Promise<void> {
  await bot.templateCallback(
    xml({
      SuiteId: SUITE.suiteId,
      InfoType: 'suite_ticket',
      TimeStamp: seconds(bot.clock),
      SuiteTicket: 't1',
    }),
  );
  for (const corp of Object.values(CORPS)) await authorize(bot, corp);
  for (const corp of [CORPS.pilot, CORPS.quiet]) {
    const res = await bot.admin('post', `/admin/api/apps/${SUITE.suiteId}/${corp.corpId}/status`, {
      status: 'enabled',
    });
    if (res.status !== 200) throw new Error(`enable ${corp.corpId}: ${res.status} ${res.text}`);
  }
  const filed = await bot.admin(
    'post',
    `/admin/api/apps/${SUITE.suiteId}/${CORPS.pilot.corpId}/permission-requests`,
    { permissions: ['customer_contact'] },
  );
  if (filed.status !== 201) throw new Error(`file a request: ${filed.status} ${filed.text}`);
}

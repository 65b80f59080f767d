import nock from './nock';
import { SUITE, WECOM_BASE, seconds, xml, type TestBot } from './test-bot';

/** The enterprise most end-to-end tests use. */
export const CORP = 'wwcorp0001';
export const AGENT_ID = 1000002;
export const ADMINS = ['zhangsan', 'lisi'];
export const PERMANENT_CODE = 'PERMANENT_CODE_SECRET';

export type Body = Record<string, unknown>;

/** A nock body matcher that records each body and matches it. */
export function keep(list: Body[]) {
  return (body: Body): boolean => {
    list.push(body);
    return true;
  };
}

/**
 * WeCom's answers to what the bot calls on create_auth, each checked against the documented field
 * names: suite token, v2 permanent code, auth info, the app's token and its admin list.
 */
export function mockAuthorizationApis(opts: { admins?: string[]; authCode?: string } = {}): nock.Scope {
  const admins = opts.admins ?? ADMINS;
  return nock(WECOM_BASE)
    .post(
      '/cgi-bin/service/get_suite_token',
      (b) => b.suite_id === SUITE.suiteId && b.suite_ticket === 'ticket-1',
    )
    .reply(200, { errcode: 0, suite_access_token: 'SUITE_TOKEN', expires_in: 7200 })
    .post('/cgi-bin/service/v2/get_permanent_code', (b) => b.auth_code === (opts.authCode ?? 'AUTH_CODE_1'))
    .query({ suite_access_token: 'SUITE_TOKEN' })
    .reply(200, {
      errcode: 0,
      permanent_code: PERMANENT_CODE,
      auth_corp_info: { corpid: CORP, corp_name: '示例科技' },
      auth_user_info: { userid: admins[0], name: '张三' },
    })
    .post(
      '/cgi-bin/service/get_auth_info',
      (b) => b.auth_corpid === CORP && b.permanent_code === PERMANENT_CODE,
    )
    .query({ suite_access_token: 'SUITE_TOKEN' })
    .reply(200, {
      errcode: 0,
      auth_corp_info: { corpid: CORP, corp_name: '示例科技' },
      auth_info: {
        agent: [
          {
            agentid: AGENT_ID,
            name: '客户管家',
            is_customized_app: true,
            privilege: { allow_user: [], allow_party: [], allow_tag: [] },
          },
        ],
      },
    })
    .get('/cgi-bin/gettoken')
    .query({ corpid: CORP, corpsecret: PERMANENT_CODE })
    .reply(200, { errcode: 0, access_token: 'APP_TOKEN', expires_in: 7200 })
    .post('/cgi-bin/agent/get_admin_list', (b) => b.agentid === AGENT_ID)
    .query({ access_token: 'APP_TOKEN' })
    .reply(200, { errcode: 0, admin: admins.map((userid) => ({ userid, auth_type: 1 })) });
}

/** An enterprise authorizes through the template callbacks: a suite ticket, then create_auth. */
export async function authorizeThroughCallbacks(bot: TestBot): Promise<void> {
  await bot.templateCallback(
    xml({
      SuiteId: SUITE.suiteId,
      InfoType: 'suite_ticket',
      TimeStamp: seconds(bot.clock),
      SuiteTicket: 'ticket-1',
    }),
  );
  const res = await bot.templateCallback(
    xml({
      SuiteId: SUITE.suiteId,
      InfoType: 'create_auth',
      TimeStamp: seconds(bot.clock),
      AuthCode: 'AUTH_CODE_1',
    }),
  );
  if (res.text !== 'success') throw new Error(`create_auth answered ${res.status} ${res.text}`);
}

/** message/send, recording bodies; each answer carries its own response_code. */
export function mockMessageSend(sent: Body[], times: number): nock.Scope {
  return nock(WECOM_BASE)
    .post('/cgi-bin/message/send', keep(sent))
    .query({ access_token: 'APP_TOKEN' })
    .times(times)
    .reply(200, () => ({
      errcode: 0,
      errmsg: 'ok',
      msgid: `m${sent.length}`,
      response_code: `send-rc-${sent.length}`,
    }));
}

/** An admin taps a button on a template card. */
export function cardClick(bot: TestBot, fromUser: string, eventKey: string, responseCode: string) {
  return bot.appCallback(
    CORP,
    xml({
      ToUserName: CORP,
      FromUserName: fromUser,
      CreateTime: seconds(bot.clock),
      MsgType: 'event',
      Event: 'template_card_event',
      EventKey: eventKey,
      TaskId: 'card_task',
      CardType: 'button_interaction',
      ResponseCode: responseCode,
      AgentID: AGENT_ID,
    }),
  );
}

/**
 * WeCom answering every message/send (each with its own response_code) and card update, both
 * recorded; further interceptors chain on the returned persistent scope.
 */
export function recordSends(): { scope: nock.Scope; sent: Body[]; updates: Body[] } {
  const sent: Body[] = [];
  const updates: Body[] = [];
  const scope = nock(WECOM_BASE)
    .persist()
    .post('/cgi-bin/message/send', keep(sent))
    .query(true)
    .reply(200, () => ({
      errcode: 0,
      errmsg: 'ok',
      msgid: `m${sent.length}`,
      response_code: `rc-send-${sent.length}`,
    }))
    .post('/cgi-bin/message/update_template_card', keep(updates))
    .query(true)
    .reply(200, { errcode: 0, errmsg: 'ok' });
  return { scope, sent, updates };
}

import type { Simulator } from '../../../../src/simulator/create-simulator';
import { simApi, TEMPLATE } from './world';

/** Runs the bot's side of an authorization against the simulator: ticket → suite token → secret → access token. */
export async function authorizeAndGetToken(
  sim: Simulator,
  input: Parameters<Simulator['authorizeTemplate']>[1] = {
    corpName: '示例科技',
    admins: ['zhangsan'],
    members: ['lisi', 'wangwu'],
  },
) {
  const api = simApi(sim);
  const { ticket } = await sim.pushSuiteTicket(TEMPLATE.suiteId);
  const suite = await api.post('/cgi-bin/service/get_suite_token').send({
    suite_id: TEMPLATE.suiteId,
    suite_secret: TEMPLATE.suiteSecret,
    suite_ticket: ticket,
  });
  const suiteToken = suite.body.suite_access_token as string;
  const { corpId, agentId, authCode } = await sim.authorizeTemplate(TEMPLATE.suiteId, input);
  const perm = await api
    .post('/cgi-bin/service/v2/get_permanent_code')
    .query({ suite_access_token: suiteToken })
    .send({ auth_code: authCode });
  const permanentCode = perm.body.permanent_code as string;
  const token = await api.get('/cgi-bin/gettoken').query({ corpid: corpId, corpsecret: permanentCode });
  return {
    api,
    corpId,
    agentId,
    authCode,
    suiteToken,
    permanentCode,
    accessToken: token.body.access_token as string,
  };
}

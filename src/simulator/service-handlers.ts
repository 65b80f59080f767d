import type { ApiHandler } from './api-handler';
import { corpDirectory } from './corp-directory';
import { AUTH_CODE_TTL_MS, SUITE_TICKET_TTL_MS, TOKEN_TTL_SECONDS, type SimState } from './sim-state';
import type { SimCorp, SimTemplate } from './sim-types';
import { WecomSimError } from './wecom-errors';

/** Provider-side APIs (suite token, secrets, authorization info) and gettoken. */
export function createServiceHandlers(state: SimState): Record<string, ApiHandler> {
  const now = () => state.clock.now().getTime();

  /** The corp authorized this suite and did not cancel, else 48004 (no valid authorization). */
  const authorizedCorp = (template: SimTemplate, corpId: unknown): SimCorp => {
    if (typeof corpId !== 'string' || corpId === '') throw new WecomSimError(84054);
    const corp = state.corps.get(corpId);
    if (!corp || corp.suiteId !== template.suiteId || corp.cancelledAt) throw new WecomSimError(48004);
    return corp;
  };

  return {
    'POST /service/get_suite_token': ({ body }) => {
      const { suite_id, suite_secret, suite_ticket } = body;
      if (typeof suite_id !== 'string' || !suite_id) throw new WecomSimError(41021);
      const template = state.templates.get(suite_id);
      if (!template) throw new WecomSimError(40083);
      if (typeof suite_secret !== 'string' || !suite_secret) throw new WecomSimError(41024);
      if (suite_secret !== template.suiteSecret) throw new WecomSimError(40080);
      if (typeof suite_ticket !== 'string' || !suite_ticket) throw new WecomSimError(41023);
      const ticket = template.tickets.find((t) => t.ticket === suite_ticket);
      if (!ticket || now() - ticket.pushedAt.getTime() > SUITE_TICKET_TTL_MS) throw new WecomSimError(40085);
      const issued = state.issueSuiteToken(template.suiteId);
      return { suite_access_token: issued.token, expires_in: TOKEN_TTL_SECONDS };
    },

    'POST /service/v2/get_permanent_code': ({ query, body }) => {
      const template = state.suiteFor(query.suite_access_token);
      if (typeof body.auth_code !== 'string' || !body.auth_code) throw new WecomSimError(41008);
      const code = state.authCodes.get(body.auth_code);
      if (
        !code ||
        code.suiteId !== template.suiteId ||
        code.usedAt ||
        now() - code.issuedAt.getTime() > AUTH_CODE_TTL_MS
      ) {
        throw new WecomSimError(40029);
      }
      code.usedAt = state.clock.now();
      const corp = state.corp(code.corpId);
      // A reset hands out a new secret; from now on only the new one works.
      corp.permanentCode = code.permanentCode;
      return {
        permanent_code: code.permanentCode,
        auth_corp_info: { corpid: corp.corpId, corp_name: corp.corpName },
        auth_user_info: { userid: corp.authorizer, name: corp.authorizer },
        ...(corp.state === undefined ? {} : { state: corp.state }),
      };
    },

    'POST /service/get_auth_info': ({ query, body }) => {
      const template = state.suiteFor(query.suite_access_token);
      const corp = authorizedCorp(template, body.auth_corpid);
      if (typeof body.permanent_code !== 'string' || !body.permanent_code) throw new WecomSimError(41025);
      if (body.permanent_code !== corp.permanentCode) throw new WecomSimError(40084);
      return {
        auth_corp_info: { corpid: corp.corpId, corp_name: corp.corpName },
        auth_info: {
          agent: [
            {
              agentid: corp.agentId,
              name: template.name,
              is_customized_app: true,
              privilege: {
                level: 1,
                allow_party: [...corp.visibility.parties],
                allow_user: [...corp.visibility.users],
                allow_tag: [...corp.visibility.tags],
                extra_party: [],
                extra_user: [],
                extra_tag: [],
              },
            },
          ],
        },
      };
    },

    'POST /service/get_admin_list': ({ query, body }) => {
      const template = state.suiteFor(query.suite_access_token);
      const corp = authorizedCorp(template, body.auth_corpid);
      if (body.agentid === undefined) throw new WecomSimError(41011);
      if (Number(body.agentid) !== corp.agentId) throw new WecomSimError(40056);
      return { admin: adminList(corp) };
    },

    'GET /gettoken': ({ query }) => {
      const { corpid, corpsecret } = query;
      if (!corpid) throw new WecomSimError(41002);
      if (!corpsecret) throw new WecomSimError(41004);
      const corp = state.corps.get(corpid);
      if (!corp) throw new WecomSimError(40013);
      if (corp.cancelledAt) throw new WecomSimError(48004, 'authorization cancelled');
      if (corpsecret !== corp.permanentCode) throw new WecomSimError(40001);
      return { access_token: state.issueAccessToken(corp.corpId).token, expires_in: TOKEN_TTL_SECONDS };
    },
  };
}

/** auth_type 1 = may manage the app (the simulator's admins all can). */
export function adminList(corp: SimCorp): { userid: string; open_userid: string; auth_type: number }[] {
  return corp.admins.map((userid) => ({
    userid,
    open_userid: corpDirectory.openUserId(corp, userid),
    auth_type: 1,
  }));
}

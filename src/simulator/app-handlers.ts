import type { ApiHandler } from './api-handler';
import { corpDirectory } from './corp-directory';
import { updateTemplateCard } from './card-update';
import { checkAgent, sendMessage } from './message-send';
import { adminList } from './service-handlers';
import type { SimState } from './sim-state';
import { WecomSimError } from './wecom-errors';
import { loadCatalogue } from '../domain/permissions/catalogue';

const WEBHOOK_LIMIT_PER_MINUTE = 20;
const WEBHOOK_MAX_BYTES = { text: 2048, markdown: 4096 } as const;

/** APIs a 代开发 app calls with its corp access_token, and the group robot webhook. */
export function createAppHandlers(state: SimState): Record<string, ApiHandler> {
  // The simulator's permission ids are the catalogue's; WeCom's names for them come from there too.
  const wecomNames = new Map(loadCatalogue().map((p) => [p.id, p.wecomNames ?? []]));
  return {
    'GET /agent/get': ({ query }) => {
      const corp = state.corpFor(query.access_token);
      checkAgent(corp, query.agentid);
      const template = state.template(corp.suiteId);
      return {
        agentid: corp.agentId,
        name: template.name,
        square_logo_url: '',
        description: '',
        allow_userinfos: { user: corp.visibility.users.map((userid) => ({ userid })) },
        allow_partys: { partyid: [...corp.visibility.parties] },
        allow_tags: { tagid: [...corp.visibility.tags] },
        close: 0,
        redirect_domain: '',
        report_location_flag: 0,
        isreportenter: 0,
        home_url: '',
        customized_publish_status: corp.publishStatus,
      };
    },

    // 代开发 apps may not change their own settings or visibility; only the admin can.
    'POST /agent/set': ({ query }) => {
      state.corpFor(query.access_token);
      throw new WecomSimError(48002, 'agent/set is not open to 代开发 apps');
    },

    'POST /agent/get_admin_list': ({ query, body }) => {
      const corp = state.corpFor(query.access_token);
      checkAgent(corp, body.agentid);
      return { admin: adminList(corp) };
    },

    // Doc 99052: the app's granted permissions; what still waits for the admin is not listed.
    'POST /agent/get_permissions': ({ query }) => {
      const corp = state.corpFor(query.access_token);
      return { app_permissions: corp.customPermissions.flatMap((p) => wecomNames.get(p) ?? []) };
    },

    'POST /message/send': ({ query, body }) => sendMessage(state, state.corpFor(query.access_token), body),

    'POST /message/update_template_card': ({ query, body }) =>
      updateTemplateCard(state, state.corpFor(query.access_token), body),

    'GET /externalcontact/get_follow_user_list': ({ query }) => {
      const corp = state.corpFor(query.access_token);
      if (!corp.customPermissions.includes('customer_contact')) {
        throw new WecomSimError(48002, 'customer_contact (客户联系) not granted');
      }
      return { follow_user: corpDirectory.visibleUsers(corp) };
    },

    'POST /webhook/send': ({ query, body }) => {
      const key = query.key;
      if (!key || !state.webhooks.has(key)) throw new WecomSimError(93000);
      const now = state.clock.now();
      const recent = (state.webhookSends.get(key) ?? []).filter((t) => now.getTime() - t.getTime() < 60_000);
      if (recent.length >= WEBHOOK_LIMIT_PER_MINUTE) throw new WecomSimError(45009, '20 messages per minute');
      const msgtype = body.msgtype;
      if (msgtype !== 'text' && msgtype !== 'markdown') throw new WecomSimError(40008);
      const content = (body[msgtype] as { content?: unknown } | undefined)?.content;
      if (typeof content !== 'string' || !content) throw new WecomSimError(44004);
      if (Buffer.byteLength(content) > WEBHOOK_MAX_BYTES[msgtype]) throw new WecomSimError(45002);
      state.webhookSends.set(key, [...recent, now]);
      state.alerts.push({ key, msgtype, content, at: now });
      return {};
    },
  };
}

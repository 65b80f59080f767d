import { NotFoundError } from '../shared/errors';
import type { Logger } from '../shared/logger';
import type { AdminInfo, AgentInfo, CorpApi, CorpCredentials, SendResult } from '../domain/ports/wecom';
import { WecomApiError } from '../domain/ports/wecom-errors';
import type { Answer, Auth, WecomCall } from './wecom-call';

/** Read-only calls that need a custom permission; a 48002 says it is not granted (yet). */
export const PROBES: Record<string, { method: 'GET' | 'POST'; api: string; body?: Record<string, unknown> }> =
  {
    get_follow_user_list: { method: 'GET', api: 'externalcontact/get_follow_user_list' },
  };

/** The calls made as one enterprise's 代开发 app, with the credentials its authorization gave. */
export function createCorpApi(
  call: WecomCall,
  creds: CorpCredentials,
  o: { log: Logger; duplicateCheckIntervals: { card: number; text: number } },
): CorpApi {
  const { log, duplicateCheckIntervals } = o;
  const { suiteId, corpId } = creds;
  const auth: Auth = { kind: 'corp', creds };
  const ctx = { suiteId, corpId };
  const agentId = async (): Promise<number> => {
    if (creds.agentId === undefined) throw new NotFoundError(`agent id of ${suiteId}/${corpId}`);
    return creds.agentId;
  };

  return {
    async getAgent(): Promise<AgentInfo> {
      const json = await call<AgentGetAnswer>({
        api: 'agent/get',
        method: 'GET',
        query: { agentid: await agentId() },
        auth,
        ctx,
      });
      return {
        agentId: json.agentid,
        name: json.name ?? '',
        visibility: {
          users: (json.allow_userinfos?.user ?? []).map((u) => u.userid),
          parties: json.allow_partys?.partyid ?? [],
          tags: json.allow_tags?.tagid ?? [],
        },
        closed: json.close === 1,
        publishStatus: json.customized_publish_status,
      };
    },

    async getAdminList(): Promise<AdminInfo[]> {
      const agentid = await agentId();
      let json: AdminListAnswer;
      try {
        json = await call<AdminListAnswer>({
          api: 'agent/get_admin_list',
          method: 'POST',
          body: { agentid },
          auth,
          ctx,
          expected: [48002],
        });
      } catch (err) {
        if (!(err instanceof WecomApiError && err.errcode === 48002)) throw err;
        // The app token may lack the permission; the template's suite token asks on its behalf.
        log.info({ ...ctx }, 'agent/get_admin_list refused; trying service/get_admin_list');
        json = await call<AdminListAnswer>({
          api: 'service/get_admin_list',
          method: 'POST',
          body: { auth_corpid: corpId, agentid },
          auth: { kind: 'suite', suiteId },
          ctx,
        });
      }
      return (json.admin ?? []).map((a) => ({
        userId: a.userid ?? a.open_userid ?? '',
        authType: a.auth_type,
      }));
    },

    async sendMessage(body): Promise<SendResult> {
      const json = await call<SendAnswer>({
        api: 'message/send',
        method: 'POST',
        body: { ...body, agentid: await agentId(), ...duplicateCheck(body, duplicateCheckIntervals) },
        auth,
        ctx,
      });
      const result: SendResult = {
        msgId: json.msgid || undefined,
        responseCode: json.response_code || undefined,
        invalidUsers: splitIds(json.invaliduser),
        unlicensedUsers: splitIds(json.unlicenseduser),
      };
      if (result.invalidUsers.length || result.unlicensedUsers.length) {
        log.warn(
          { ...ctx, invalid: result.invalidUsers.length, unlicensed: result.unlicensedUsers.length },
          'message/send skipped some recipients',
        );
      }
      return result;
    },

    async updateTemplateCard(body): Promise<void> {
      await call({
        api: 'message/update_template_card',
        method: 'POST',
        body: { ...body, agentid: await agentId() },
        auth,
        ctx,
      });
    },

    async probe(name): Promise<void> {
      const probe = PROBES[name];
      if (!probe) throw new RangeError(`unknown probe: ${name}`);
      // 48002 is the answer a probe looks for, not an incident.
      await call({ api: probe.api, method: probe.method, body: probe.body, auth, ctx, expected: [48002] });
    },

    async getPermissions(): Promise<string[]> {
      const json = await call<PermissionsAnswer>({
        api: 'agent/get_permissions',
        method: 'POST',
        body: {},
        auth,
        ctx,
      });
      return Array.isArray(json.app_permissions)
        ? json.app_permissions.filter((p) => typeof p === 'string')
        : [];
    },
  };
}

/**
 * WeCom silently drops a message identical to one sent to the same member within the interval;
 * the check makes a resend after a timeout or a crash (sent, not yet marked) a no-op. A card's
 * task id is unique to its dedupe key, so its interval can be long. A text is not unique (帮助
 * asked twice gets the same answer), so its interval only covers a resend, and an admin who asks
 * again later is answered again.
 */
function duplicateCheck(
  body: Record<string, unknown>,
  intervals: { card: number; text: number },
): Record<string, number> {
  const interval = body.msgtype === 'template_card' ? intervals.card : intervals.text;
  return { enable_duplicate_check: 1, duplicate_check_interval: interval };
}

/** invaliduser / unlicenseduser come as "a|b|c". */
function splitIds(value: string | string[] | undefined): string[] {
  if (Array.isArray(value)) return value;
  return value ? value.split('|').filter(Boolean) : [];
}

interface AgentGetAnswer extends Answer {
  agentid: number;
  name?: string;
  allow_userinfos?: { user?: { userid: string }[] };
  allow_partys?: { partyid?: number[] };
  allow_tags?: { tagid?: number[] };
  close?: number;
  customized_publish_status?: number;
}

interface PermissionsAnswer extends Answer {
  app_permissions?: unknown[];
}

interface AdminListAnswer extends Answer {
  admin?: { userid?: string; open_userid?: string; auth_type?: number }[];
}

interface SendAnswer extends Answer {
  invaliduser?: string;
  unlicenseduser?: string;
  msgid?: string;
  response_code?: string;
}

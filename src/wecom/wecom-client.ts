import type { Visibility } from '../domain/model';
import type { AuthInfo, PermanentCodeResult, WecomClient } from '../domain/ports/wecom';
import { NO_ERRCODE, WecomApiError } from '../domain/ports/wecom-errors';
import { createCorpApi } from './corp-api';
import { createWecomCall, type Answer, type WecomCallOptions } from './wecom-call';

export { PROBES } from './corp-api';
export type { WecomCallContext } from './wecom-call';

export interface WecomClientOptions extends WecomCallOptions {
  /** message/send duplicate_check_interval for cards, in seconds; WeCom allows at most 4 h. */
  duplicateCheckIntervalSec?: number;
  /** The same for texts: short, so that a question asked again is answered again. */
  textDuplicateCheckIntervalSec?: number;
}

const MAX_DUPLICATE_CHECK_SEC = 4 * 3600;
const DEFAULT_TEXT_DUPLICATE_CHECK_SEC = 300;

/** The WeCom API as the bot uses it: template-level calls, one enterprise's app, the support robot. */
export function createWecomClient(opts: WecomClientOptions): WecomClient {
  const intervals = {
    card: opts.duplicateCheckIntervalSec ?? MAX_DUPLICATE_CHECK_SEC,
    text: opts.textDuplicateCheckIntervalSec ?? DEFAULT_TEXT_DUPLICATE_CHECK_SEC,
  };
  for (const sec of Object.values(intervals)) {
    if (sec < 1 || sec > MAX_DUPLICATE_CHECK_SEC) {
      throw new RangeError(
        'a duplicate check interval must be between 1 and 14400 s (WeCom allows at most 4 h)',
      );
    }
  }
  const log = opts.logger.child({ name: 'wecom' });
  const call = createWecomCall(opts);

  return {
    async getPermanentCode(suiteId, authCode): Promise<PermanentCodeResult> {
      const json = await call<PermanentCodeAnswer>({
        api: 'service/v2/get_permanent_code',
        method: 'POST',
        body: { auth_code: authCode },
        auth: { kind: 'suite', suiteId },
        ctx: { suiteId },
      });
      if (!json.permanent_code || !json.auth_corp_info?.corpid) {
        throw new WecomApiError(
          NO_ERRCODE,
          'answer lacks permanent_code or corpid',
          'service/v2/get_permanent_code',
          'permanent',
        );
      }
      return {
        permanentCode: json.permanent_code,
        corpId: json.auth_corp_info.corpid,
        corpName: json.auth_corp_info.corp_name ?? '',
        authUserId: json.auth_user_info?.userid || undefined,
        state: json.state || undefined,
      };
    },

    async getAuthInfo(suiteId, corpId, permanentCode): Promise<AuthInfo> {
      const json = await call<AuthInfoAnswer>({
        api: 'service/get_auth_info',
        method: 'POST',
        body: { auth_corpid: corpId, permanent_code: permanentCode },
        auth: { kind: 'suite', suiteId },
        ctx: { suiteId, corpId },
      });
      const agent = json.auth_info?.agent?.[0];
      const privilege: Visibility & { level?: number } = {
        users: agent?.privilege?.allow_user ?? [],
        parties: agent?.privilege?.allow_party ?? [],
        tags: agent?.privilege?.allow_tag ?? [],
        level: agent?.privilege?.level,
      };
      return {
        corpId: json.auth_corp_info?.corpid ?? corpId,
        corpName: json.auth_corp_info?.corp_name ?? '',
        agentId: agent?.agentid,
        appName: agent?.name,
        privilege,
      };
    },

    forCorp: (creds) => createCorpApi(call, creds, { log, duplicateCheckIntervals: intervals }),

    async sendWebhook(url, body): Promise<void> {
      // The webhook key is in the URL: only the fixed api name is ever logged or recorded.
      await call({ api: 'webhook/send', method: 'POST', url, body, ctx: {} });
    },
  };
}

interface PermanentCodeAnswer extends Answer {
  permanent_code?: string;
  auth_corp_info?: { corpid?: string; corp_name?: string };
  auth_user_info?: { userid?: string };
  state?: string;
}

interface AuthInfoAnswer extends Answer {
  auth_corp_info?: { corpid?: string; corp_name?: string };
  auth_info?: {
    agent?: {
      agentid?: number;
      name?: string;
      privilege?: { level?: number; allow_user?: string[]; allow_party?: number[]; allow_tag?: number[] };
    }[];
  };
}

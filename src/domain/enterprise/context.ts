import { isLocale, type Locale } from '../../shared/locale';
import type { Logger } from '../../shared/logger';
import type { Authorization } from '../model';
import type { SecretBox } from '../ports';
import type { AuthorizationStore } from '../ports/stores';
import type { CorpApi, CorpCredentials, WecomClient } from '../ports/wecom';
import { isTimeZone } from '../rollout/zoned-time';
import { corpCredentials } from './credentials';

/**
 * One enterprise as an event or a claimed item sees it, built once (as probot's Context carries a
 * tenant-scoped client): its ids, its authorization read once, WeCom as its 代开发 app, its time
 * zone and a logger that names it. Handlers and use cases take this instead of reading again.
 */
export interface EnterpriseContext {
  readonly suiteId: string;
  readonly corpId: string;
  /** The authorization as it was read for this event or item; undefined when the bot has none. */
  readonly auth: Authorization | undefined;
  /** Who WeCom calls act as, from `auth` (also for suite calls that need the permanent code). */
  readonly credentials: CorpCredentials;
  /** WeCom as this enterprise's app, with those credentials. */
  readonly wecom: CorpApi;
  /** The enterprise's own time zone, else the configured one. */
  readonly timeZone: string;
  /** The one language every text and card to its admins is in: its own, else the configured one. */
  readonly locale: Locale;
  readonly log: Logger;
}

export type ActiveEnterprise = EnterpriseContext & { readonly auth: Authorization };

/** The bot may act for the enterprise: its authorization is there and not cancelled. */
export function isActive(ctx: EnterpriseContext): ctx is ActiveEnterprise {
  return ctx.auth?.state === 'active';
}

/** A logger, or how to make one: a callback's context makes its logger only if something logs. */
export type LogSource = Logger | (() => Logger);

export interface EnterpriseContexts {
  /** Reads the authorization once and builds the context around it. */
  load(suiteId: string, corpId: string, log?: LogSource): Promise<EnterpriseContext>;
  /** A context around an authorization already in hand (just written, or read with a claimed item). */
  around(
    auth: Authorization,
    o?: { log?: Logger; /** The code in plain text when it was just issued. */ permanentCode?: string },
  ): EnterpriseContext;
}

export interface EnterpriseContextDeps {
  authorizations: Pick<AuthorizationStore, 'get'>;
  wecom: Pick<WecomClient, 'forCorp'>;
  secrets: SecretBox;
  logger: Logger;
  defaultTimeZone: string;
  /** messages.locale: for enterprises support has not set a language for. */
  defaultLocale: Locale;
}

/**
 * The WeCom client and the logger are made on first use: most messages an admin sends are answered
 * without calling WeCom or logging, and each costs more to make than the reply. A class, not a
 * literal with getters: V8 builds such a literal slowly (a runtime call per getter) and in
 * dictionary mode, which every later read pays for.
 */
class Enterprise implements EnterpriseContext {
  readonly timeZone: string;
  readonly locale: Locale;
  private corpApi: CorpApi | undefined;
  private logger: Logger | undefined;

  constructor(
    private readonly deps: EnterpriseContextDeps,
    readonly suiteId: string,
    readonly corpId: string,
    readonly auth: Authorization | undefined,
    readonly credentials: CorpCredentials,
    private readonly logSource: LogSource | undefined,
  ) {
    this.timeZone = auth?.timeZone && isTimeZone(auth.timeZone) ? auth.timeZone : deps.defaultTimeZone;
    this.locale = isLocale(auth?.locale) ? auth.locale : deps.defaultLocale;
  }

  get wecom(): CorpApi {
    return (this.corpApi ??= this.deps.wecom.forCorp(this.credentials));
  }

  get log(): Logger {
    const source = this.logSource;
    return (this.logger ??=
      typeof source === 'function'
        ? source()
        : (source ?? this.deps.logger.child({ suiteId: this.suiteId, corpId: this.corpId })));
  }
}

export function createEnterpriseContexts(deps: EnterpriseContextDeps): EnterpriseContexts {
  const build = (
    ref: { suiteId: string; corpId: string },
    auth: Authorization | undefined,
    log: LogSource | undefined,
    permanentCode?: string,
  ): EnterpriseContext =>
    new Enterprise(
      deps,
      ref.suiteId,
      ref.corpId,
      auth,
      corpCredentials(ref, auth, deps.secrets, permanentCode),
      log,
    );
  return {
    async load(suiteId, corpId, log) {
      return build({ suiteId, corpId }, await deps.authorizations.get(suiteId, corpId), log);
    },
    around(auth, o = {}) {
      return build(auth, auth, o.log, o.permanentCode);
    },
  };
}

import type { LimitViolation } from '../domain/card-limits';
import { randomBytes } from 'node:crypto';
import { HOUR, MINUTE, type Clock } from '../shared/clock';
import { NotFoundError } from '../shared/errors';
import type {
  CallbackRecord,
  InboxEntry,
  IssuedToken,
  RecordedCall,
  ResponseCodeRecord,
  SentMessage,
  SimAuthCode,
  SimCorp,
  SimTemplate,
  SupportAlert,
} from './sim-types';
import { WecomSimError } from './wecom-errors';

export const TOKEN_TTL_SECONDS = 7200;
export const SUITE_TICKET_TTL_MS = 30 * MINUTE;
/** AuthCode lifetime: 5 min in the old third-party text, 10 min in 代开发-era notes; the simulator takes 10. */
export const AUTH_CODE_TTL_MS = 10 * MINUTE;
export const RESPONSE_CODE_TTL_MS = 72 * HOUR;

export interface DuplicateCheckRecord {
  at: Date;
  answer: Record<string, unknown>;
}

/** Everything the simulator knows, plus the lookups and token rules every module shares. */
export interface SimState {
  readonly clock: Clock;
  readonly templates: Map<string, SimTemplate>;
  readonly corps: Map<string, SimCorp>;
  readonly authCodes: Map<string, SimAuthCode>;
  readonly suiteTokens: Map<string, IssuedToken>;
  readonly accessTokens: Map<string, IssuedToken>;
  readonly messages: SentMessage[];
  /**
   * Card fields over WeCom's documented limits. WeCom publishes no errcode for them (it may cut or
   * crowd the card), so the simulator accepts the message and lists the field here for tests.
   */
  readonly limitViolations: (LimitViolation & { corpId: string; api: string })[];
  readonly inbox: InboxEntry[];
  readonly responseCodes: Map<string, ResponseCodeRecord>;
  /** key: corpId + the request JSON; message/send enable_duplicate_check. */
  readonly duplicateChecks: Map<string, DuplicateCheckRecord>;
  readonly webhooks: Set<string>;
  /** key → send times, for the 20-per-minute robot limit. */
  readonly webhookSends: Map<string, Date[]>;
  readonly alerts: SupportAlert[];
  readonly callbacks: CallbackRecord[];
  readonly calls: RecordedCall[];
  nextId(): number;
  /** A callback MsgId: unique 64-bit digits, like WeCom's. */
  nextMsgId(): string;
  template(suiteId: string): SimTemplate;
  corp(corpId: string): SimCorp;
  issueSuiteToken(suiteId: string): IssuedToken;
  issueAccessToken(corpId: string): IssuedToken;
  /** Checks a suite_access_token: 41022 missing, 40082 unknown, 42009 expired. */
  suiteFor(token: string | undefined): SimTemplate;
  /** Checks an access_token: 41001 missing, 40014 unknown, 42001 expired, 48004 authorization cancelled. */
  corpFor(token: string | undefined): SimCorp;
  issueResponseCode(record: Omit<ResponseCodeRecord, 'code' | 'issuedAt'>): string;
}

export function randomToken(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

export function createSimState(clock: Clock): SimState {
  let id = 0;
  let msgSeq = 0;
  const templates = new Map<string, SimTemplate>();
  const corps = new Map<string, SimCorp>();
  const suiteTokens = new Map<string, IssuedToken>();
  const accessTokens = new Map<string, IssuedToken>();
  const responseCodes = new Map<string, ResponseCodeRecord>();

  const issue = (map: Map<string, IssuedToken>, owner: string): IssuedToken => {
    const now = clock.now().getTime();
    for (const [k, t] of map) if (t.expiresAt.getTime() <= now) map.delete(k);
    const issued = { token: randomToken(48), owner, expiresAt: new Date(now + TOKEN_TTL_SECONDS * 1000) };
    map.set(issued.token, issued);
    return issued;
  };

  const expired = (t: IssuedToken): boolean => t.expiresAt.getTime() <= clock.now().getTime();

  return {
    clock,
    templates,
    corps,
    authCodes: new Map(),
    suiteTokens,
    accessTokens,
    messages: [],
    limitViolations: [],
    inbox: [],
    responseCodes,
    duplicateChecks: new Map(),
    webhooks: new Set(),
    webhookSends: new Map(),
    alerts: [],
    callbacks: [],
    calls: [],
    nextId: () => ++id,
    nextMsgId: () => {
      msgSeq = (msgSeq + 1) % 0x100000;
      const seconds = BigInt(Math.floor(clock.now().getTime() / 1000));
      return (
        (seconds << 32n) |
        (BigInt(msgSeq) << 12n) |
        BigInt(randomBytes(2).readUInt16BE() & 0xfff)
      ).toString();
    },
    template(suiteId) {
      const t = templates.get(suiteId);
      if (!t) throw new NotFoundError(`template ${suiteId}`);
      return t;
    },
    corp(corpId) {
      const c = corps.get(corpId);
      if (!c) throw new NotFoundError(`corp ${corpId}`);
      return c;
    },
    issueSuiteToken: (suiteId) => issue(suiteTokens, suiteId),
    issueAccessToken: (corpId) => issue(accessTokens, corpId),
    suiteFor(token) {
      if (!token) throw new WecomSimError(41022);
      const t = suiteTokens.get(token);
      if (!t) throw new WecomSimError(40082);
      if (expired(t)) throw new WecomSimError(42009);
      const template = templates.get(t.owner);
      if (!template) throw new WecomSimError(40082);
      return template;
    },
    corpFor(token) {
      if (!token) throw new WecomSimError(41001);
      const t = accessTokens.get(token);
      if (!t) throw new WecomSimError(40014);
      if (expired(t)) throw new WecomSimError(42001);
      const corp = corps.get(t.owner);
      if (!corp) throw new WecomSimError(40014);
      if (corp.cancelledAt) throw new WecomSimError(48004, 'authorization cancelled');
      return corp;
    },
    issueResponseCode(record) {
      const code = randomToken(32);
      responseCodes.set(code, { ...record, code, issuedAt: clock.now() });
      return code;
    },
  };
}

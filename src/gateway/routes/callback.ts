import type { Context, Middleware, Next } from 'koa';
import {
  decryptPayload,
  decryptPayloadForAnyReceiver,
  type DecryptedPayload,
} from '../../callback/decrypt-payload';
import { eventKey } from '../../callback/event-key';
import { extractEncrypt } from '../../callback/extract-encrypt';
import { parseXml } from '../../callback/parse-xml';
import { readCappedBody } from '../../callback/read-capped-body';
import { toEvent, type EventOrigin } from '../../callback/to-event';
import { verifySignature } from '../../callback/verify-signature';
import type { EventSource, WecomEvent } from '../../events/types';
import type { Clock } from '../../shared/clock';
import { CallbackRejectedError, StoreUnavailableError } from '../../shared/errors';
import type { Logger } from '../../shared/logger';

export interface CallbackTemplateSecrets {
  suiteId: string;
  token: string;
  encodingAESKey: string;
}

export interface CallbackRouteDeps {
  findTemplate(suiteId: string): CallbackTemplateSecrets | undefined;
  /** The provider's own corp id; may be '' when not configured. */
  providerCorpId: string;
  /** Whether corpId has authorized the template suiteId. */
  isKnownCorp(suiteId: string, corpId: string): Promise<boolean>;
  /** Durable write; 'duplicate' when the key was recorded before. May throw. */
  recordEvent(key: string, event: WecomEvent): Promise<'new' | 'duplicate'>;
  /** Enqueues a newly recorded event for handling after the answer. */
  onAccepted(key: string, event: WecomEvent): void;
  clock: Clock;
  logger: Logger;
  /** Largest accepted |now − timestamp|; 0 turns the replay check off. */
  callbackMaxAgeSeconds: number;
  bodyLimitBytes: number;
  /** How long the answer may wait for recordEvent before giving up with 503. */
  recordBudgetMs: number;
}

interface Query {
  signature: string;
  timestamp: string;
  nonce: string;
  /** GET only: the encrypted string to decrypt and echo. */
  echostr: string;
}

/** The methods a callback URL answers: WeCom's GET (URL verification) and POST (events). */
const ALLOW = 'HEAD, GET, POST';

/**
 * WeCom's callback endpoints for templates (指令回调), `/wecom/templates/:suiteId/callback`, and
 * their apps (数据回调), `/wecom/apps/:suiteId/callback`. GET answers URL verification with the
 * decrypted echostr; POST verifies, decrypts, parses, records once and answers `success` before any
 * handling. A rejection answers its reason and records nothing. The two paths are matched by hand,
 * not by a router: every callback takes this path, and a router's layers cost more than the match.
 */
export function callbackRoutes(deps: CallbackRouteDeps): Middleware {
  const logs: Record<EventSource, Logger> = {
    template: deps.logger.child({ source: 'template' }),
    app: deps.logger.child({ source: 'app' }),
  };
  return (ctx: Context, next: Next): Promise<void> => {
    const route = callbackRoute(ctx.path);
    if (!route) return next();
    const { source, suiteId } = route;
    const log = logs[source];
    switch (ctx.method) {
      case 'GET':
      case 'HEAD':
        return answer(ctx, suiteId, log, () => verifyUrl(ctx, suiteId, source, log));
      case 'POST':
        return answer(ctx, suiteId, log, () => receive(ctx, suiteId, source, log));
      case 'OPTIONS':
        ctx.status = 200;
        ctx.set('Allow', ALLOW);
        ctx.body = '';
        return Promise.resolve();
      default:
        ctx.status = 405;
        ctx.set('Allow', ALLOW);
        return Promise.resolve();
    }
  };

  /** Runs one step chain and maps our own failures to a plain-text answer. */
  async function answer(
    ctx: Context,
    suiteId: string,
    log: Logger,
    run: () => Promise<string>,
  ): Promise<void> {
    let status = 200;
    let body: string;
    try {
      body = await run();
    } catch (err) {
      if (err instanceof CallbackRejectedError) {
        log.warn({ reason: err.reason, suiteId }, 'callback rejected');
        status = err.status;
        body = err.reason;
      } else if (err instanceof StoreUnavailableError) {
        // Logged with its cause where it happened.
        status = err.status;
        body = err.code;
      } else {
        throw err;
      }
    }
    ctx.status = status;
    ctx.type = 'text/plain';
    ctx.body = body;
  }

  /** GET: URL verification. The answer is the decrypted echostr, exactly. */
  async function verifyUrl(ctx: Context, suiteId: string, source: EventSource, log: Logger): Promise<string> {
    const { secrets, query } = precheck(ctx, suiteId, true);
    const { echostr } = query;
    checkSignature(secrets, query, echostr);
    if (source === 'template') {
      return decryptPayload(secrets.encodingAESKey, echostr, [secrets.suiteId]).message;
    }
    // The app URL is verified when the provider saves it, on behalf of the template, the provider
    // or an authorized corp; which receive id WeCom uses there is not documented.
    const payload = decryptPayloadForAnyReceiver(secrets.encodingAESKey, echostr);
    const own = [secrets.suiteId, deps.providerCorpId].filter((id) => id !== '');
    if (!own.includes(payload.receiverId)) await requireKnownCorp(secrets.suiteId, payload, log);
    return payload.message;
  }

  /**
   * POST: an event. Answers `success` for new and duplicate deliveries alike. Nothing is parsed
   * before the signature verifies: until then only a linear scan takes Encrypt out of the body.
   */
  async function receive(ctx: Context, suiteId: string, source: EventSource, log: Logger): Promise<string> {
    const { secrets, query } = precheck(ctx, suiteId, false);
    const encrypt = extractEncrypt(await readCappedBody(ctx.req, deps.bodyLimitBytes));
    checkSignature(secrets, query, encrypt);
    let payload: DecryptedPayload;
    let origin: EventOrigin;
    if (source === 'template') {
      payload = decryptPayload(secrets.encodingAESKey, encrypt, [secrets.suiteId]);
      origin = { source, suiteId: secrets.suiteId };
    } else {
      payload = decryptPayloadForAnyReceiver(secrets.encodingAESKey, encrypt);
      await requireKnownCorp(secrets.suiteId, payload, log);
      // The enterprise is the one the ciphertext was sealed for, not what the plaintext claims.
      origin = { source, suiteId: secrets.suiteId, corpId: payload.receiverId };
    }
    const event = toEvent(parseXml(payload.message), origin);
    const key = eventKey(event);
    log.debug({ eventKey: key, kind: event.kind, length: payload.message.length }, 'callback decrypted');
    const outcome = await record(key, event, log);
    if (outcome === 'new') accept(key, event, log);
    log.info({ suiteId: secrets.suiteId, eventKey: key, kind: event.kind, outcome }, 'callback accepted');
    return 'success';
  }

  /** The checks that need no body: known template, parameters, replay window. */
  function precheck(
    ctx: Context,
    suiteId: string,
    withEchostr: boolean,
  ): { secrets: CallbackTemplateSecrets; query: Query } {
    const secrets = deps.findTemplate(suiteId);
    if (!secrets) throw new CallbackRejectedError('unknown_suite', 404);
    const query = {
      signature: param(ctx, 'msg_signature'),
      timestamp: param(ctx, 'timestamp'),
      nonce: param(ctx, 'nonce'),
      echostr: withEchostr ? param(ctx, 'echostr') : '',
    };
    if (deps.callbackMaxAgeSeconds > 0) {
      if (!/^\d{1,12}$/.test(query.timestamp)) throw new CallbackRejectedError('bad_timestamp');
      const ageSeconds = Math.abs(deps.clock.now().getTime() / 1000 - Number(query.timestamp));
      if (ageSeconds > deps.callbackMaxAgeSeconds) throw new CallbackRejectedError('stale_timestamp');
    }
    return { secrets, query };
  }

  function checkSignature(secrets: CallbackTemplateSecrets, query: Query, encrypted: string): void {
    const { signature, timestamp, nonce } = query;
    if (!verifySignature({ token: secrets.token, timestamp, nonce, encrypted, signature })) {
      throw new CallbackRejectedError('bad_signature', 401);
    }
  }

  async function requireKnownCorp(suiteId: string, payload: DecryptedPayload, log: Logger): Promise<void> {
    if (payload.receiverId === '') throw new CallbackRejectedError('receiver_id_mismatch');
    let known: boolean;
    try {
      known = await deps.isKnownCorp(suiteId, payload.receiverId);
    } catch (err) {
      log.error({ err, suiteId }, 'corp lookup failed');
      throw new StoreUnavailableError('corp lookup failed');
    }
    if (!known) throw new CallbackRejectedError('receiver_id_mismatch');
  }

  /** recordEvent within the budget; a failure or a timeout becomes 503 so WeCom may retry. */
  async function record(key: string, event: WecomEvent, log: Logger): Promise<'new' | 'duplicate'> {
    const pending = Promise.resolve().then(() => deps.recordEvent(key, event));
    let outcome: 'new' | 'duplicate' | 'timeout';
    try {
      // One promise settled by whichever comes first (Promise.race would add two more per callback).
      outcome = await new Promise((resolve, reject) => {
        const timer = setTimeout(resolve, deps.recordBudgetMs, 'timeout');
        pending.then(
          (recorded) => {
            clearTimeout(timer);
            resolve(recorded);
          },
          (err: unknown) => {
            clearTimeout(timer);
            reject(err);
          },
        );
      });
    } catch (err) {
      log.error({ err, eventKey: key }, 'callback record failed');
      throw new StoreUnavailableError('record failed');
    }
    if (outcome !== 'timeout') return outcome;
    log.error({ eventKey: key, budgetMs: deps.recordBudgetMs }, 'callback record timed out');
    // A write that lands late is durable: WeCom's next delivery will be a duplicate, so a late
    // 'new' must be handed on here or the event would never be handled.
    pending.then(
      (late) => {
        if (late === 'new') accept(key, event, log);
      },
      (err: unknown) => log.error({ err, eventKey: key }, 'callback record failed late'),
    );
    throw new StoreUnavailableError('record timed out');
  }

  function accept(key: string, event: WecomEvent, log: Logger): void {
    try {
      deps.onAccepted(key, event);
    } catch (err) {
      // The event is recorded and stays unhandled in the inbox, where recovery finds it; an
      // error answer would only bring a retry that is then a duplicate.
      log.error({ err, eventKey: key }, 'callback enqueue failed');
    }
  }
}

const PREFIXES: [string, EventSource][] = [
  ['/wecom/templates/', 'template'],
  ['/wecom/apps/', 'app'],
];

/** The callback URL `path` is, if it is one: `<prefix><suiteId>/callback`, with or without a final slash. */
export function callbackRoute(path: string): { source: EventSource; suiteId: string } | undefined {
  for (const [prefix, source] of PREFIXES) {
    if (!path.startsWith(prefix)) continue;
    const end = path.indexOf('/', prefix.length);
    if (end <= prefix.length) return undefined;
    const rest = path.slice(end);
    if (rest !== '/callback' && rest !== '/callback/') return undefined;
    return { source, suiteId: decodeSegment(path.slice(prefix.length, end)) };
  }
  return undefined;
}

/** A path segment decoded as a router would; one that is not valid percent-encoding is kept as sent. */
function decodeSegment(segment: string): string {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function param(ctx: Context, name: string): string {
  const value = ctx.query[name];
  if (Array.isArray(value)) throw new CallbackRejectedError('duplicate_parameter');
  if (value === undefined || value === '') throw new CallbackRejectedError('missing_parameter');
  return value;
}

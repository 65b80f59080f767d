import type { EnterpriseContext, EnterpriseContexts } from '../domain/enterprise/context';
import type { InboxStore } from '../domain/ports/stores';
import type { Clock } from '../shared/clock';
import { MINUTE } from '../shared/clock';
import type { Logger } from '../shared/logger';
import type { EventKind, EventOf, WecomEvent } from './types';

export interface HandlerContext<E extends WecomEvent = WecomEvent> {
  event: E;
  key: string;
  log: Logger;
  /** The event's enterprise, built once on first use (authorization read once, scoped WeCom client). */
  enterprise(): Promise<EnterpriseContext>;
}

export type Handler<K extends EventKind> = (ctx: HandlerContext<EventOf<K>>) => Promise<void>;

/** Waits before the 1st, 2nd, … retry of an event whose handling failed (WeCom or the store was down). */
export const RETRY_DELAYS_MS = [1, 5, 30, 120, 360].map((m) => m * MINUTE);
/** A 'received' event older than this was left by an instance that crashed after answering. */
export const ORPHAN_AGE_MS = 2 * MINUTE;

export interface Dispatcher {
  on<K extends EventKind>(kind: K, handler: Handler<K>): void;
  /** Queues a recorded event; events of one enterprise run one after another, in arrival order. */
  enqueue(key: string, event: WecomEvent): void;
  /**
   * Claims events to handle again: failed ones whose retry is due, and ones a crashed instance left
   * unhandled. Run by the scheduler and at start.
   */
  retry(owner: string, limit?: number): Promise<number>;
  /** Resolves when everything queued so far is handled (tests, shutdown). */
  idle(): Promise<void>;
}

export interface DispatcherDeps {
  inbox: InboxStore;
  contexts: EnterpriseContexts;
  clock: Clock;
  logger: Logger;
  /** Told once an event has failed every retry: a person has to look. */
  onGaveUp?(key: string, event: WecomEvent, error: string): Promise<void>;
}

/**
 * Runs handlers after the callback was answered (like bolt's ack-then-process). An error is
 * logged with the event key and the event is retried later with backoff; it never reaches koa.
 */
export function createDispatcher(deps: DispatcherDeps): Dispatcher {
  const handlers = new Map<EventKind, Handler<EventKind>>();
  const lanes = new Map<string, Promise<void>>();
  /** Keys waiting or running in a lane of this instance. */
  const queued = new Set<string>();
  const log = deps.logger.child({ name: 'dispatcher' });

  async function handle(key: string, event: WecomEvent, attempts: number): Promise<void> {
    const ctx = new EventContext(event, key, log, deps.contexts);
    try {
      const handler = handlers.get(event.kind);
      if (handler) await handler(ctx);
      else ctx.log.info('event recorded without handler');
      await deps.inbox.markHandled(key, deps.clock.now());
    } catch (err) {
      const error = (err as Error).message;
      const delay = RETRY_DELAYS_MS[attempts];
      ctx.log.error({ err, attempts: attempts + 1, retryInMs: delay }, 'event handling failed');
      const now = deps.clock.now();
      try {
        await deps.inbox.markFailed(
          key,
          error,
          now,
          delay === undefined ? undefined : new Date(now.getTime() + delay),
        );
        if (delay === undefined) await deps.onGaveUp?.(key, event, error);
      } catch (markErr) {
        ctx.log.error({ err: markErr }, 'could not record the failure');
      }
    }
  }

  function enqueue(key: string, event: WecomEvent, attempts = 0): void {
    const lane = `${event.suiteId}:${corpOf(event) ?? '-'}`;
    const previous = lanes.get(lane) ?? Promise.resolve();
    queued.add(key);
    const next = previous.then(() => handle(key, event, attempts));
    lanes.set(lane, next);
    // handle() never rejects; one reaction, not finally's two promises, lets go of an idle lane.
    void next.then(() => {
      queued.delete(key);
      if (lanes.get(lane) === next) lanes.delete(lane);
    });
  }

  return {
    on(kind, handler) {
      handlers.set(kind, handler as unknown as Handler<EventKind>);
    },
    enqueue: (key, event) => enqueue(key, event),
    async retry(owner, limit = 100) {
      const now = deps.clock.now();
      const due = await deps.inbox.claimForRetry(
        { owner, now, leaseMs: 10 * MINUTE, limit },
        { maxAttempts: RETRY_DELAYS_MS.length + 1, receivedBefore: new Date(now.getTime() - ORPHAN_AGE_MS) },
      );
      // Still in one of this instance's lanes (a lane slower than ORPHAN_AGE_MS): handled there,
      // once; the claim's lease ends when it is.
      const orphans = due.filter((entry) => !queued.has(entry.key));
      for (const entry of orphans) enqueue(entry.key, entry.event as unknown as WecomEvent, entry.attempts);
      return orphans.length;
    },
    async idle() {
      while (lanes.size > 0) await Promise.all([...lanes.values()]);
    },
  };
}

/**
 * What a handler gets. One object per event, not closures: its logger and its enterprise are made
 * on first use (a pino child costs more than handling a plain message that logs nothing), and a
 * class, not a literal with getters, which V8 builds slowly, in dictionary mode.
 */
class EventContext implements HandlerContext {
  private eventLogger: Logger | undefined;
  private loaded: Promise<EnterpriseContext> | undefined;

  constructor(
    readonly event: WecomEvent,
    readonly key: string,
    private readonly dispatcherLog: Logger,
    private readonly contexts: EnterpriseContexts,
  ) {}

  get log(): Logger {
    return (this.eventLogger ??= this.dispatcherLog.child({
      eventKey: this.key,
      kind: this.event.kind,
      suiteId: this.event.suiteId,
      corpId: corpOf(this.event),
    }));
  }

  /** A property, not a method: handlers take it out of the context (`{ event, enterprise }`). */
  readonly enterprise = (): Promise<EnterpriseContext> => {
    const corpId = corpOf(this.event);
    if (corpId === undefined) return Promise.reject(new Error(`${this.event.kind} names no enterprise`));
    return (this.loaded ??= this.contexts.load(this.event.suiteId, corpId, () => this.log));
  };
}

export function corpOf(event: WecomEvent): string | undefined {
  switch (event.kind) {
    case 'change_auth':
    case 'cancel_auth':
    case 'reset_permanent_code':
      return event.authCorpId;
    case 'text':
    case 'image':
    case 'voice':
    case 'video':
    case 'location':
    case 'link':
    case 'template_card_event':
    case 'enter_agent':
    case 'change_app_admin':
    case 'unknown':
      return event.corpId;
    default:
      return undefined;
  }
}

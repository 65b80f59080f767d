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
/** How long a retry claim holds what it took. */
const CLAIM_LEASE_MS = 10 * MINUTE;
/**
 * How long an enterprise whose event was deferred keeps having its events deferred: by then the
 * events job (every minute) has claimed the deferred ones, at whichever instance, unless the
 * backlog is longer than that; until then a later event queued directly would overtake them.
 */
export const HOLD_MS = ORPHAN_AGE_MS + CLAIM_LEASE_MS;

export interface Dispatcher {
  on<K extends EventKind>(kind: K, handler: Handler<K>): void;
  /**
   * Queues a recorded event; events of one enterprise run one after another, in arrival order. With
   * `maxQueued` events in the lanes it is deferred instead: left 'received' for `retry` to claim.
   */
  enqueue(key: string, event: WecomEvent): void;
  /**
   * Claims events to handle again: failed ones whose retry is due, and ones a crashed instance left
   * unhandled or this one deferred; at most `limit`, and no more than the lanes have room for.
   * Returns how many it queued. Run at start.
   */
  retry(owner: string, limit?: number): Promise<number>;
  /** `retry` in batches while the lanes have room and each claim comes back full: the 'events' job. */
  retryBacklog(owner: string, batch?: number): Promise<number>;
  /** Events waiting or running in this instance's lanes, and events deferred since start. */
  stats(): { queued: number; deferred: number };
  /** Resolves when everything queued so far is handled (tests, shutdown). */
  idle(): Promise<void>;
}

export interface DispatcherDeps {
  inbox: InboxStore;
  contexts: EnterpriseContexts;
  clock: Clock;
  logger: Logger;
  /** Most events this instance holds in its lanes; beyond it they wait in the inbox. */
  maxQueued: number;
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
  /** Room taken by retry claims still in flight, so callbacks cannot fill it meanwhile. */
  let reserved = 0;
  let deferred = 0;
  /** Deferred in the current episode; undefined while the lanes take every event. */
  let deferredInEpisode: number | undefined;
  /** Lanes with an event deferred, and until when (ms) their next events are deferred too. */
  const heldUntil = new Map<string, number>();
  const log = deps.logger.child({ name: 'dispatcher' });
  const room = (): number => deps.maxQueued - queued.size - reserved;

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

  function enqueue(key: string, event: WecomEvent, attempts = 0, lane = laneOf(event)): void {
    const previous = lanes.get(lane) ?? Promise.resolve();
    queued.add(key);
    const next = previous.then(() => handle(key, event, attempts));
    lanes.set(lane, next);
    // handle() never rejects; one reaction, not finally's two promises, lets go of an idle lane.
    void next.then(() => {
      queued.delete(key);
      if (lanes.get(lane) === next) lanes.delete(lane);
      // Down to half the cap, not merely below it: at the cap under steady load every finished
      // event would end an episode and the next callback start one, a pair of lines per event.
      if (deferredInEpisode !== undefined && queued.size <= deps.maxQueued / 2) {
        log.info({ deferred: deferredInEpisode, queued: queued.size }, 'lanes have room again');
        deferredInEpisode = undefined;
      }
    });
  }

  /** Whether `lane` still sends its events through the inbox (forgetting it once that ended). */
  function held(lane: string): boolean {
    const until = heldUntil.get(lane);
    if (until === undefined) return false;
    if (deps.clock.now().getTime() < until) return true;
    heldUntil.delete(lane);
    return false;
  }

  /** Leaves an event in the inbox: the lanes are full (an episode), or its lane is held. */
  function defer(lane: string, full: boolean): void {
    deferred++;
    heldUntil.set(lane, deps.clock.now().getTime() + HOLD_MS);
    if (!full) return;
    if (deferredInEpisode === undefined) {
      deferredInEpisode = 0;
      log.warn(
        { maxQueued: deps.maxQueued },
        'lanes full: events are deferred, left in the inbox for the retry claim',
      );
    }
    deferredInEpisode++;
  }

  /** Claims no more than there is room for; `full` when the store may hold more. */
  async function claim(owner: string, limit: number): Promise<{ queued: number; full: boolean }> {
    const take = Math.min(limit, room());
    if (take <= 0) return { queued: 0, full: false };
    const now = deps.clock.now();
    reserved += take;
    const due = await deps.inbox
      .claimForRetry(
        { owner, now, leaseMs: CLAIM_LEASE_MS, limit: take },
        { maxAttempts: RETRY_DELAYS_MS.length + 1, receivedBefore: new Date(now.getTime() - ORPHAN_AGE_MS) },
      )
      .finally(() => (reserved -= take));
    // Still in one of this instance's lanes (a lane slower than ORPHAN_AGE_MS): handled there,
    // once; the claim's lease ends when it is.
    const orphans = due.filter((entry) => !queued.has(entry.key));
    for (const entry of orphans) enqueue(entry.key, entry.event as unknown as WecomEvent, entry.attempts);
    return { queued: orphans.length, full: due.length === take };
  }

  return {
    on(kind, handler) {
      handlers.set(kind, handler as unknown as Handler<EventKind>);
    },
    enqueue(key, event) {
      // Recorded already, and still 'received': the retry claim takes it once it is older than
      // ORPHAN_AGE_MS, the age that also keeps it from events queued at a live instance. Claims
      // take the oldest first, so an enterprise whose events all go that way keeps their order.
      const lane = laneOf(event);
      if (room() <= 0) defer(lane, true);
      else if (heldUntil.size > 0 && held(lane)) defer(lane, false);
      else enqueue(key, event, 0, lane);
    },
    retry: async (owner, limit = 100) => (await claim(owner, limit)).queued,
    async retryBacklog(owner, batch = 100) {
      for (const lane of heldUntil.keys()) held(lane);
      let total = 0;
      for (;;) {
        const { queued: n, full } = await claim(owner, batch);
        total += n;
        if (!full) return total;
      }
    },
    stats: () => ({ queued: queued.size, deferred }),
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

/** One lane per enterprise of a template: its events run one after another. */
function laneOf(event: WecomEvent): string {
  return `${event.suiteId}:${corpOf(event) ?? '-'}`;
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

import type { InboxStore } from '../stores/types';
import type { Clock } from '../shared/clock';
import type { Logger } from '../shared/logger';
import type { EventKind, EventOf, WecomEvent } from './types';

export interface HandlerContext<E extends WecomEvent = WecomEvent> {
  event: E;
  key: string;
  log: Logger;
}

export type Handler<K extends EventKind> = (ctx: HandlerContext<EventOf<K>>) => Promise<void>;

export interface Dispatcher {
  on<K extends EventKind>(kind: K, handler: Handler<K>): void;
  /** Queues a recorded event; events of one enterprise run one after another, in arrival order. */
  enqueue(key: string, event: WecomEvent): void;
  /** Handles recorded events that a crash left unhandled. */
  recover(limit?: number): Promise<number>;
  /** Resolves when everything queued so far is handled (tests, shutdown). */
  idle(): Promise<void>;
}

/**
 * Runs handlers after the callback was answered (like bolt's ack-then-process). An error is
 * logged with the event key and the inbox entry is marked failed; it never reaches koa.
 */
export function createDispatcher(deps: { inbox: InboxStore; clock: Clock; logger: Logger }): Dispatcher {
  const handlers = new Map<EventKind, Handler<EventKind>>();
  const lanes = new Map<string, Promise<void>>();
  const log = deps.logger.child({ name: 'dispatcher' });

  async function handle(key: string, event: WecomEvent): Promise<void> {
    const eventLog = log.child({
      eventKey: key,
      kind: event.kind,
      suiteId: event.suiteId,
      corpId: corpOf(event),
    });
    const handler = handlers.get(event.kind);
    try {
      if (handler) await handler({ event, key, log: eventLog } as HandlerContext<never>);
      else eventLog.info('event recorded without handler');
      await deps.inbox.markHandled(key, deps.clock.now());
    } catch (err) {
      eventLog.error({ err }, 'event handling failed');
      await deps.inbox.markFailed(key, (err as Error).message, deps.clock.now()).catch((markErr: unknown) => {
        eventLog.error({ err: markErr }, 'could not mark event failed');
      });
    }
  }

  function enqueue(key: string, event: WecomEvent): void {
    const lane = `${event.suiteId}:${corpOf(event) ?? '-'}`;
    const previous = lanes.get(lane) ?? Promise.resolve();
    const next = previous.then(() => handle(key, event));
    lanes.set(lane, next);
    void next.finally(() => {
      if (lanes.get(lane) === next) lanes.delete(lane);
    });
  }

  return {
    on(kind, handler) {
      handlers.set(kind, handler as unknown as Handler<EventKind>);
    },
    enqueue,
    async recover(limit = 500) {
      const pending = await deps.inbox.listUnhandled(limit);
      for (const entry of pending) enqueue(entry.key, entry.event as unknown as WecomEvent);
      return pending.length;
    },
    async idle() {
      while (lanes.size > 0) await Promise.all([...lanes.values()]);
    },
  };
}

export function corpOf(event: WecomEvent): string | undefined {
  switch (event.kind) {
    case 'change_auth':
    case 'cancel_auth':
      return event.authCorpId;
    case 'reset_permanent_code':
      return event.authCorpId;
    case 'text':
    case 'template_card_event':
    case 'enter_agent':
    case 'change_app_admin':
    case 'unknown':
      return event.corpId;
    default:
      return undefined;
  }
}

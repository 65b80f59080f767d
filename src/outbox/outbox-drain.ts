import type { Logger } from '../shared/logger';
import type { OutboxWorker } from './outbox-worker';

export interface OutboxDrain {
  /** A message was just written: send it now rather than at the next scheduler tick. */
  kick(): void;
  /** Resolves when the drains asked for so far are done (tests, shutdown). */
  idle(): Promise<void>;
}

/**
 * Sends what is queued right after it is written, one drain at a time: a kick while a drain is
 * queued and has not claimed yet is absorbed (that drain takes the new message too).
 */
export function createOutboxDrain(o: {
  worker: OutboxWorker;
  batchSize: number;
  logger: Logger;
  enabled: boolean;
}): OutboxDrain {
  let last: Promise<void> = Promise.resolve();
  let queued = false;
  const drain = async (): Promise<void> => {
    queued = false;
    // A full batch may have left more behind it; what is deferred waits for its time.
    for (;;) {
      const r = await o.worker.tick();
      if (r.sent + r.retried + r.failed + r.deferred < o.batchSize) return;
    }
  };
  return {
    kick() {
      if (!o.enabled || queued) return;
      queued = true;
      last = last.then(drain).catch((err: unknown) => o.logger.error({ err }, 'outbox kick failed'));
    },
    idle: () => last,
  };
}

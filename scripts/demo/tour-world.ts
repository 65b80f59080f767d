import { loadConfig, type Config } from '../../src/config';
import { startServer, type RunningServer } from '../../src/server';
import { HOUR, MINUTE, ManualClock } from '../../src/shared/clock';
import { createMemoryLogger } from '../../src/shared/logger';
import type { Simulator } from '../../src/simulator/create-simulator';
import type { InboxEntry } from '../../src/simulator/sim-types';

/** A step of the story did not end as it should; the message says which and what was seen. */
export class TourError extends Error {}

export function check(ok: unknown, message: string): asserts ok {
  if (!ok) throw new TourError(message);
}

export interface TourWorld {
  running: RunningServer;
  sim: Simulator;
  clock: ManualClock;
  suiteId: string;
  /** Waits until the bot handled what it was sent and its queued sends went out. */
  settle(): Promise<void>;
  /** One scheduler tick (what node-cron does each minute), then settle. */
  tick(): Promise<void>;
  /**
   * Moves the shared clock step by step until `done`; after each step WeCom pushes a suite ticket
   * (it does every 10 minutes) and the scheduler ticks. Fails after `max`.
   */
  advanceUntil(
    done: () => Promise<boolean> | boolean,
    what: string,
    max: number,
    step?: number,
  ): Promise<void>;
  /** The provider puts the enterprise's app online; waits (within an hour) until the bot's poll has seen it. */
  putOnline(corpId: string): Promise<void>;
  /** The support JSON API, with the admin token. */
  api(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Record<string, unknown>>;
  /** A member taps a button on the newest card that has it; throws when there is none. */
  tap(corpId: string, userId: string, buttonText: RegExp): Promise<void>;
  /** The bot's log lines at warn and above: shown when a step fails. */
  problems(): string[];
  close(): Promise<void>;
}

/**
 * The real server (HTTP, container, embedded simulator) on one machine and one manual clock that
 * the bot and the simulator share; the scheduler is ticked by hand, so days pass in milliseconds.
 * `over` replaces top-level configuration sections (the alerts' language, say).
 */
export async function startTourWorld(start: string, over: Partial<Config> = {}): Promise<TourWorld> {
  const clock = new ManualClock(start);
  const base = loadConfig({});
  const config: Readonly<Config> = {
    ...base,
    ...over,
    host: '127.0.0.1',
    port: 0,
    scheduler: { ...base.scheduler, enabled: false },
    simulator: { enabled: true, port: 0 },
  };
  const { logger, lines } = createMemoryLogger('warn');
  const running = await startServer(config, { logger, clock });
  const sim = running.simulator;
  check(sim, 'the embedded simulator did not start');
  const { container } = running;
  const suiteId = container.config.templates[0]!.suiteId;

  async function settle(): Promise<void> {
    // A handled event may queue sends whose failures queue alerts: twice covers the chain.
    await container.idle();
    await container.idle();
  }

  async function tick(): Promise<void> {
    await container.scheduler.tick();
    await settle();
  }

  const advanceUntil: TourWorld['advanceUntil'] = async (done, what, max, step = HOUR) => {
    for (let waited = 0; waited < max; waited += step) {
      clock.advance(step);
      await sim.pushSuiteTicket(suiteId);
      await tick();
      if (await done()) return;
    }
    throw new TourError(`${what}: nothing happened within ${Math.round(max / HOUR)} hours`);
  };

  return {
    running,
    sim,
    clock,
    suiteId,
    settle,
    tick,
    advanceUntil,
    async putOnline(corpId) {
      sim.putOnline(corpId);
      const { apps } = container.stores;
      await advanceUntil(
        async () => (await apps.get(suiteId, corpId))?.status === 'enabled',
        'the poll of agent/get did not notice the app online',
        HOUR,
        MINUTE,
      );
    },
    async api(method, path, body) {
      const res = await fetch(`${running.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${container.config.adminToken}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = (await res.json()) as Record<string, unknown>;
      check(res.ok, `${method} ${path} answered ${res.status}: ${JSON.stringify(json)}`);
      await settle();
      return json;
    },
    async tap(corpId, userId, buttonText) {
      const card = sim
        .inbox(corpId, userId)
        .filter((e) => e.replacedName === undefined && buttonOf(e, buttonText))
        .at(-1);
      const button = card && buttonOf(card, buttonText);
      check(card?.card?.task_id && button?.key, `${userId} has no card with a ${buttonText} button`);
      const { callback } = await sim.clickCardButton(corpId, userId, card.card.task_id, button.key);
      check(callback.ok, `the tap did not reach the bot: ${callback.error ?? callback.status}`);
      await settle();
    },
    problems: () =>
      lines()
        .filter((l) => Number(l.level) >= 40)
        .map((l) => `${String(l.msg)} ${JSON.stringify(l.err ?? l.reason ?? '')}`),
    close: () => running.close(),
  };
}

function buttonOf(e: InboxEntry, text: RegExp) {
  return e.card?.button_list?.find((b) => b.type !== 1 && text.test(b.text));
}

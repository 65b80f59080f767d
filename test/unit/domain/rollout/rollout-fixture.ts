import { createSupportAlerter } from '../../../../src/alerts/support-alerter';
import { loadConfig, type Config } from '../../../../src/config';
import type { OutboxMessage, Visibility } from '../../../../src/domain/model';
import type { Outbox } from '../../../../src/domain/ports';
import {
  createRolloutService,
  type RolloutDeps,
  type RolloutService,
} from '../../../../src/domain/rollout/rollout-service';
import { ManualClock } from '../../../../src/shared/clock';
import { createMemoryLogger } from '../../../../src/shared/logger';
import { createMemoryStores } from '../../../../src/stores/memory';
import type { Stores } from '../../../../src/domain/ports/stores';
import type { AgentInfo, CorpApi, WecomClient } from '../../../../src/domain/ports/wecom';
import { anApp, anAuthorization } from '../../../helpers/domain-builders';
import { testContexts } from '../../../helpers/enterprise-contexts';
import type { EnterpriseContext } from '../../../../src/domain/enterprise/context';

export const SUITE = 'wwsuite01';
export const CORP = 'wwcorp01';
export const ADMINS = ['alice', 'bob'];
/** Monday 5 January 2026, 10:00 in Shanghai. */
export const MONDAY_10AM = '2026-01-05T02:00:00Z';

export const vis = (v: Partial<Visibility> = {}): Visibility => ({ users: [], parties: [], tags: [], ...v });

/** agent/get as the admin left it. */
export class FakeWecom implements WecomClient {
  visibility = vis();
  closed = false;
  fail = false;
  calls = 0;
  private held?: { entered: () => void; gate: Promise<void> };

  /** Holds the next agent/get until `release()`: an instance stuck (or crashed) mid-tick. */
  hold(): { entered: Promise<void>; release: () => void } {
    let release!: () => void;
    let entered!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const enteredP = new Promise<void>((r) => (entered = r));
    this.held = { entered, gate };
    return { entered: enteredP, release };
  }

  forCorp(): CorpApi {
    return {
      getAgent: async (): Promise<AgentInfo> => {
        this.calls++;
        const answer = {
          agentId: 1000002,
          name: '小助手',
          visibility: structuredClone(this.visibility),
          closed: this.closed,
          publishStatus: 2,
        };
        const held = this.held;
        if (held) {
          this.held = undefined;
          held.entered();
          await held.gate;
        }
        if (this.fail) throw new Error('errcode -1 system busy');
        return answer;
      },
      getAdminList: notUsed,
      sendMessage: notUsed,
      updateTemplateCard: notUsed,
      probe: notUsed,
      getPermissions: notUsed,
    };
  }

  getPermanentCode = notUsed;
  getAuthInfo = notUsed;
  sendWebhook = notUsed;
}

async function notUsed(): Promise<never> {
  throw new Error('not used by the rollout');
}

export interface RolloutFixture {
  clock: ManualClock;
  stores: Stores;
  wecom: FakeWecom;
  config: Config['rollout'];
  deps: RolloutDeps;
  rollout: RolloutService;
  /** Another instance on the same store, with its own WeCom client. */
  instance(wecom?: FakeWecom): RolloutService;
  logLines(): Record<string, unknown>[];
  /** Messages written to the outbox, oldest first. */
  sent(filter?: {
    topic?: string;
    toUser?: string;
    channel?: OutboxMessage['channel'];
  }): Promise<OutboxMessage[]>;
  /** The test enterprise as an event would see it now. */
  enterprise(): Promise<EnterpriseContext>;
  /** Moves the clock and ticks once. */
  tickAt(at: Date | string, owner?: string): ReturnType<RolloutService['tick']>;
}

export async function createRolloutFixture(
  opts: { config?: Partial<Config['rollout']>; now?: string; admins?: string[]; timeZone?: string } = {},
): Promise<RolloutFixture> {
  const clock = new ManualClock(opts.now ?? MONDAY_10AM);
  const stores = createMemoryStores();
  const wecom = new FakeWecom();
  const config = { ...loadConfig({}).rollout, ...opts.config };
  const outbox: Outbox = { enqueue: (m) => stores.outbox.enqueue(m, clock.now()) };
  const alerts = createSupportAlerter({ outbox, clock, locale: 'zh-CN', minIntervalMs: 0 });
  const { logger, lines } = createMemoryLogger();
  const now = clock.now();
  await stores.authorizations.create(
    anAuthorization(now, {
      suiteId: SUITE,
      corpId: CORP,
      admins: opts.admins ?? ADMINS,
      timeZone: opts.timeZone ?? 'Asia/Shanghai',
    }),
  );
  await stores.apps.create(anApp(now, { suiteId: SUITE, corpId: CORP, name: '小助手', enabledAt: now }));
  const contexts = testContexts(stores, wecom, logger);
  const deps: RolloutDeps = {
    stores,
    contexts,
    outbox,
    alerts,
    clock,
    logger,
    config,
  };
  const instance = (w: FakeWecom = wecom): RolloutService =>
    createRolloutService({ ...deps, contexts: testContexts(stores, w, logger) });
  const rollout = instance();
  return {
    clock,
    stores,
    wecom,
    config,
    deps,
    rollout,
    instance,
    logLines: lines,
    enterprise: () => contexts.load(SUITE, CORP),
    async sent(filter = {}) {
      const all = await stores.outbox.list({ topic: filter.topic, channel: filter.channel });
      return all.reverse().filter((m) => filter.toUser === undefined || m.toUser === filter.toUser);
    },
    tickAt(at, owner = 'instance-a') {
      clock.set(at);
      return rollout.tick(owner);
    },
  };
}

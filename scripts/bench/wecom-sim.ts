import { ManualClock } from '../../src/shared/clock';
import { createLogger } from '../../src/shared/logger';
import { createSimulator, type Simulator } from '../../src/simulator/create-simulator';
import type { SimCorp } from '../../src/simulator/sim-types';
import { serveRequests } from './child';
import {
  AGENT_ID,
  BENCH_CORPS,
  SCHEDULER_START,
  SUITE,
  adminOf,
  corpId,
  permanentCode,
  sendersOf,
} from './fixtures';

/** What WeCom saw: reminder cards delivered, and message/send calls beyond one per (corp, member). */
export interface WecomTally {
  reminders: number;
  duplicates: number;
  /** Enterprises whose admin got no reminder. */
  missing: number;
  apiCalls: number;
  apiErrors: number;
}

let sim: Simulator | undefined;

/**
 * Each enterprise straight into the simulator's world: authorized, online, its admin sees the app,
 * and the members the callback pools send from are in it (the bot's replies go to them).
 */
function seed(s: Simulator, enterprises: number): void {
  for (let i = 0; i < enterprises; i++) {
    const admin = adminOf(i);
    const members = [admin, ...sendersOf(i, BENCH_CORPS)];
    const corp: SimCorp = {
      corpId: corpId(i),
      corpName: `基准企业 ${i}`,
      suiteId: SUITE.suiteId,
      agentId: AGENT_ID,
      permanentCode: permanentCode(i),
      authorizer: admin,
      admins: [admin],
      departments: [{ id: 1, name: `基准企业 ${i}`, parentId: 0, members }],
      tags: [],
      visibility: { users: members, parties: [], tags: [] },
      publishStatus: 2,
      customPermissions: [],
      permissionChanges: [],
      taskIds: new Set(),
    };
    s.state.corps.set(corp.corpId, corp);
  }
}

function tally(s: Simulator, enterprises: number): WecomTally {
  const sends = new Map<string, number>();
  for (const call of s.calls) {
    if (call.path !== '/cgi-bin/message/send') continue;
    const corp = s.state.accessTokens.get(call.query.access_token ?? '')?.owner ?? '?';
    const key = `${corp}/${String((call.body as { touser?: unknown }).touser)}`;
    sends.set(key, (sends.get(key) ?? 0) + 1);
  }
  let duplicates = 0;
  for (const n of sends.values()) duplicates += n - 1;
  const reminded = new Set(
    s.state.messages.filter((m) => m.msgtype === 'template_card').map((m) => m.corpId),
  );
  return {
    reminders: s.state.messages.filter((m) => m.msgtype === 'template_card').length,
    duplicates,
    missing: enterprises - reminded.size,
    apiCalls: s.calls.length,
    apiErrors: s.calls.filter((c) => (c.answer as { errcode?: number }).errcode !== 0).length,
  };
}

/** The simulator in a process of its own, so its work is not counted as the bot's. */
serveRequests(async (m) => {
  const enterprises = Number(m.enterprises);
  switch (m.cmd) {
    case 'start': {
      sim = createSimulator({
        clock: new ManualClock(SCHEDULER_START),
        logger: createLogger({ level: 'silent' }),
      });
      sim.addTemplate(SUITE);
      seed(sim, enterprises);
      return { apiBase: await sim.listen() };
    }
    case 'tally':
      return tally(sim!, enterprises);
    case 'sends':
      return sim!.calls.filter(
        (c) => c.path === '/cgi-bin/message/send' && (c.answer as { errcode?: number }).errcode === 0,
      ).length;
    case 'stop':
      return sim?.close();
    default:
      throw new Error(`unknown command ${String(m.cmd)}`);
  }
});

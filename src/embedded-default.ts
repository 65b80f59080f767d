import { randomBytes } from 'node:crypto';
import type { Config, TemplateConfig } from './config';
import type { Container } from './container';
import { ManualClock, MINUTE, type Clock } from './shared/clock';
import type { Logger } from './shared/logger';
import { createSimulator, type Simulator } from './simulator/create-simulator';

export const DEMO_TEMPLATE_NAME = '客户管家';
const DEMO_SUITE_ID = 'wwdemotemplate01';
/** WeCom pushes a fresh suite_ticket every 10 minutes; the simulator's tickets expire after 30. */
const SUITE_TICKET_EVERY_MS = 10 * MINUTE;
/**
 * How often (real time) to look whether a push is due by the clock: a manual clock moved a day
 * ahead on the simulator page gets a fresh ticket within a second, as if WeCom had kept pushing.
 */
const TICKET_CHECK_MS = 1000;

export interface EmbeddedSimulator {
  simulator: Simulator;
  /** The simulator's base URL: the bot's WeCom API base and the admin's page at `/`. */
  url: string;
  /** The config the bot runs with: WeCom API, support webhook and templates pointed at the simulator. */
  config: Readonly<Config>;
  /** Whether the admin token was made up here (and so may be printed): none was configured. */
  generatedAdminToken: boolean;
  /** Points the simulator's callbacks at the bot, records the templates and pushes suite tickets. */
  connect(botBaseUrl: string, container: Container): Promise<void>;
  close(): Promise<void>;
}

/** Whether the embedded simulator runs: asked for, or `auto` with no template configured. */
export function wantsSimulator(config: Readonly<Config>): boolean {
  return (
    config.simulator.enabled === true ||
    (config.simulator.enabled === 'auto' && config.templates.length === 0)
  );
}

/**
 * Real time that the simulator page can move ahead (+1 hour, +1 day: the page shows those buttons
 * for a ManualClock), so a newcomer on `npm start` sees the reminders of the coming days at once.
 */
export class FastForwardClock extends ManualClock {
  private readonly startedAt = Date.now();

  constructor() {
    super(Date.now());
  }

  override now(): Date {
    return new Date(super.now().getTime() + (Date.now() - this.startedAt));
  }
}

/**
 * The embedded default: with no templates configured (no WeCom credentials), the bot runs against
 * a WeCom simulator on this machine with one demo template, so a newcomer sees the whole flow at once.
 * `simulator.enabled: true` runs it for the configured templates instead.
 */
export async function startEmbeddedSimulator(
  config: Readonly<Config>,
  deps: { logger: Logger; clock: Clock },
): Promise<EmbeddedSimulator | undefined> {
  if (!wantsSimulator(config)) return undefined;

  const templates = config.templates.length > 0 ? config.templates : [demoTemplate()];
  const simulator = createSimulator({ clock: deps.clock, logger: deps.logger, webhookKeys: ['support'] });
  for (const t of templates) simulator.addTemplate({ ...t, name: t.name || t.suiteId });
  const url = await simulator.listen(config.simulator.port);
  const adminToken = config.adminToken || randomBytes(18).toString('base64url');
  const embedded: Readonly<Config> = {
    ...config,
    adminToken,
    supportWebhookUrl: config.supportWebhookUrl || `${url}/cgi-bin/webhook/send?key=support`,
    wecom: { ...config.wecom, apiBase: url, providerCorpId: config.wecom.providerCorpId || 'wwsimprovider' },
    templates,
    // Polling the simulator costs nothing: a click on 上线 Put online shows within a minute.
    lifecycle: { ...config.lifecycle, pollIntervalMinutes: 1 },
    // Resolved: tells the rest of the bot (e.g. the dashboard) that WeCom is the simulator at apiBase.
    simulator: { ...config.simulator, enabled: true },
  };
  deps.logger.info(
    { simulator: url, templates: templates.map((t) => t.suiteId) },
    'running against the embedded WeCom simulator',
  );

  let ticketTimer: NodeJS.Timeout | undefined;
  let lastPushAt = 0;
  /** Pushes a suite ticket for each template; throws when the bot did not take one. */
  async function pushTickets(): Promise<void> {
    lastPushAt = deps.clock.now().getTime();
    for (const t of templates) {
      const { callback } = await simulator.pushSuiteTicket(t.suiteId);
      if (!callback.ok) {
        const why = callback.error ?? `HTTP ${callback.status}`;
        throw new Error(`the simulator could not deliver suite_ticket to ${simulator.botBaseUrl()}: ${why}`);
      }
    }
  }
  let inflight: Promise<void> | undefined;
  function pushWhenDue(): void {
    if (inflight || deps.clock.now().getTime() - lastPushAt < SUITE_TICKET_EVERY_MS) return;
    inflight = pushTickets()
      .catch((err: unknown) => deps.logger.warn({ err }, 'suite ticket push failed'))
      .finally(() => (inflight = undefined));
  }
  return {
    simulator,
    url,
    config: embedded,
    generatedAdminToken: !config.adminToken,
    async connect(botBaseUrl, container) {
      simulator.setBotBaseUrl(botBaseUrl);
      for (const t of templates) {
        await container.admin.recordTemplate({
          suiteId: t.suiteId,
          name: t.name || t.suiteId,
          status: 'online',
        });
      }
      await pushTickets();
      ticketTimer = setInterval(pushWhenDue, TICKET_CHECK_MS);
      ticketTimer.unref();
    },
    async close() {
      clearInterval(ticketTimer);
      await inflight;
      await simulator.close();
    },
  };
}

/** Fresh secrets each run: nothing outlives the process on the embedded memory store. */
function demoTemplate(): TemplateConfig {
  return {
    suiteId: DEMO_SUITE_ID,
    suiteSecret: randomBytes(16).toString('hex'),
    token: randomBytes(8).toString('hex'),
    encodingAESKey: randomBytes(33)
      .toString('base64')
      .replace(/[^A-Za-z0-9]/g, 'a')
      .slice(0, 43),
    name: DEMO_TEMPLATE_NAME,
  };
}

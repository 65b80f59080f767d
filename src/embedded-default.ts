import { randomBytes } from 'node:crypto';
import type { Config } from './config';
import type { Container } from './container';
import { systemClock } from './shared/clock';
import type { Logger } from './shared/logger';
import { createSimulator, type Simulator } from './simulator/create-simulator';

const DEMO_SUITE_ID = 'wwdemotemplate01';

export interface EmbeddedSimulator {
  simulator: Simulator;
  config: Readonly<Config>;
  /** Points the simulator's callbacks at the bot and pushes the first suite ticket. */
  connect(botBaseUrl: string, container: Container): Promise<void>;
  close(): Promise<void>;
}

/**
 * The embedded default: with no templates configured (no WeCom credentials), the bot runs against
 * the simulator on this machine with one demo template, so a newcomer sees the whole flow at once.
 */
export async function startEmbeddedSimulator(
  config: Readonly<Config>,
  logger: Logger,
): Promise<EmbeddedSimulator | undefined> {
  const wanted =
    config.simulator.enabled === true ||
    (config.simulator.enabled === 'auto' && config.templates.length === 0);
  if (!wanted) return undefined;

  const simulator = createSimulator({ clock: systemClock, logger, webhookKeys: ['support'] });
  const simBase = await simulator.listen(config.simulator.port);
  const demo = {
    suiteId: DEMO_SUITE_ID,
    suiteSecret: randomBytes(16).toString('hex'),
    token: randomBytes(8).toString('hex'),
    encodingAESKey: randomBytes(32)
      .toString('base64')
      .replace(/[^A-Za-z0-9]/g, 'a')
      .slice(0, 43),
    name: '客户管家 Demo',
  };
  simulator.addTemplate(demo);
  const embedded: Readonly<Config> = {
    ...config,
    adminToken: config.adminToken || randomBytes(18).toString('base64url'),
    supportWebhookUrl: config.supportWebhookUrl || `${simBase}/cgi-bin/webhook/send?key=support`,
    wecom: {
      ...config.wecom,
      apiBase: simBase,
      providerCorpId: config.wecom.providerCorpId || 'wwsimprovider',
    },
    templates: config.templates.length > 0 ? config.templates : [demo],
  };
  logger.info(
    { simulator: simBase },
    'no WeCom templates configured: running against the embedded WeCom simulator',
  );

  return {
    simulator,
    config: embedded,
    async connect(botBaseUrl, container) {
      simulator.setBotBaseUrl(botBaseUrl);
      await container.admin.recordTemplate({ suiteId: demo.suiteId, name: demo.name, status: 'online' });
      await simulator.pushSuiteTicket(demo.suiteId);
      const token = embedded.adminToken;
      console.log(
        [
          '',
          `  WeCom simulator (the enterprise admin's side): ${simBase}/`,
          `  Support dashboard: ${botBaseUrl}/admin/login?token=${encodeURIComponent(token)}`,
          `  Admin API token:   ${token}`,
          '',
        ].join('\n'),
      );
    },
    close: () => simulator.close(),
  };
}

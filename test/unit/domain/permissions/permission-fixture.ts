import type { Config } from '../../../../src/config';
import type { SupportAlert } from '../../../../src/domain/ports';
import { loadCatalogue } from '../../../../src/domain/permissions/catalogue';
import {
  createPermissionService,
  PERMISSION_CARD_TOPIC,
} from '../../../../src/domain/permissions/permission-service';
import { createOutbox } from '../../../../src/outbox/enqueue';
import { ManualClock } from '../../../../src/shared/clock';
import { createMemoryLogger } from '../../../../src/shared/logger';
import { createMemoryStores } from '../../../../src/stores/memory';
import { classify, WecomApiError } from '../../../../src/domain/ports/wecom-errors';
import type { CorpApi, WecomClient } from '../../../../src/domain/ports/wecom';
import { anApp, anAuthorization } from '../../../helpers/domain-builders';
import { testContexts } from '../../../helpers/enterprise-contexts';

export const SUITE = 'wwsuite0001';
export const CORP = 'wwcorp0001';
export const ADMINS = ['zhangsan', 'lisi', 'wangwu'];

export const PERMISSIONS_CONFIG: Config['permissions'] = {
  reraiseAfterMinutes: 7 * 24 * 60,
  maxReraises: 2,
  effectRecheckMinutes: 60,
  effectAlertAfterChecks: 3,
  confirmReminderMinutes: 24 * 60,
};

/** The permission service on memory stores, the real outbox writer, a fake WeCom and captured alerts. */
export async function createPermissionFixture(opts: { effective?: string[] } = {}) {
  const clock = new ManualClock('2026-03-02T02:00:00Z');
  const stores = createMemoryStores();
  const alerts: SupportAlert[] = [];
  const probes: string[] = [];
  /** What the next probes answer: 0 works, anything else is thrown as that errcode. */
  const probe = { errcode: 0 };
  /** What agent/get_permissions lists (WeCom names). */
  const appPermissions: string[] = [];
  const corpApi: Pick<CorpApi, 'probe' | 'getPermissions'> = {
    async getPermissions() {
      return [...appPermissions];
    },
    async probe(api) {
      probes.push(api);
      if (probe.errcode !== 0) {
        throw new WecomApiError(
          probe.errcode,
          'no privilege',
          'externalcontact/get_follow_user_list',
          classify(probe.errcode),
        );
      }
    },
  };
  const wecom = { forCorp: () => corpApi } as unknown as WecomClient;
  const { logger, lines } = createMemoryLogger();
  const catalogue = loadCatalogue();
  const contexts = testContexts(stores, wecom);
  const service = createPermissionService({
    stores,
    contexts,
    outbox: createOutbox({ store: stores.outbox, clock }),
    alerts: {
      locale: 'zh-CN',
      async alert(a) {
        if (!alerts.some((x) => x.dedupeKey === a.dedupeKey)) alerts.push(a);
      },
    },
    clock,
    logger,
    catalogue,
    config: PERMISSIONS_CONFIG,
  });

  const now = clock.now();
  await stores.authorizations.create(
    anAuthorization(now, { suiteId: SUITE, corpId: CORP, admins: [...ADMINS] }),
  );
  await stores.apps.create(
    anApp(now, { suiteId: SUITE, corpId: CORP, effectivePermissions: opts.effective ?? ['contact_read'] }),
  );

  const messages = async (topic: string, ref?: string) => stores.outbox.list({ topic, ref });

  return {
    clock,
    stores,
    service,
    catalogue,
    alerts,
    probes,
    probe,
    appPermissions,
    logs: lines,
    cards: (ref?: string) => messages(PERMISSION_CARD_TOPIC, ref),
    cardUpdates: (ref?: string) => messages('permission_card_update', ref),
    /** Text replies to one member, oldest first. */
    async replies(toUser: string): Promise<string[]> {
      const found = await messages('permission_reply');
      return found
        .filter((m) => m.toUser === toUser)
        .reverse()
        .map((m) => (m.payload.text as { content: string }).content);
    },
    context: () => contexts.load(SUITE, CORP),
    click: async (
      action: 'approve' | 'decline',
      requestId: string,
      fromUser: string,
      responseCode = `rc-${fromUser}`,
    ) =>
      service.onCardAction(action, requestId, { fromUser, responseCode }, await contexts.load(SUITE, CORP)),
    /** A text answer (同意 / 暂不授权) from a member of the enterprise. */
    textAnswer: async (answer: 'approve' | 'decline', text: { fromUser: string; msgId?: string }) =>
      service.onTextAnswer(answer, text, await contexts.load(SUITE, CORP)),
    app: async () => (await stores.apps.get(SUITE, CORP))!,
  };
}

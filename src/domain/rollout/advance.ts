import type { Locale } from '../../shared/locale';
import type { Clock } from '../../shared/clock';
import type { ActiveEnterprise } from '../enterprise/context';
import type { Rollout } from '../model';
import { notifyAdmins } from '../notify-admins';
import type { Outbox } from '../ports';
import type { AppStore, RolloutPatch } from '../ports/stores';
import { textMessage } from '../wecom-messages';
import { describeVisibility } from './reach';
import { rolloutKeyBase } from './reminder-card';
import { reachName } from './reach-words';
import { rolloutWords } from './rollout-texts';
import type { RolloutWriter, WriteCondition } from './rollout-writer';
import type { Schedule } from './schedule';

export interface AdvanceDeps {
  apps: Pick<AppStore, 'get'>;
  outbox: Outbox;
  writer: RolloutWriter;
  schedule: Schedule;
  clock: Clock;
}

/**
 * Moves to a stage WeCom shows reached; the last one completes the rollout with one congratulation.
 * Undefined when the write did not apply (a lost lease, or the state changed meanwhile).
 */
export type Advance = (
  r: Rollout,
  to: number,
  by: string,
  seen: RolloutPatch,
  enterprise: ActiveEnterprise,
  when: WriteCondition,
) => Promise<Rollout | undefined>;

export function createAdvance(deps: AdvanceDeps): Advance {
  const { outbox, writer, schedule, clock } = deps;
  return async (r, to, by, seen, enterprise, when) => {
    const now = clock.now();
    const last = to >= r.plan.length - 1;
    const patch: RolloutPatch = {
      ...seen,
      stageIndex: to,
      unanswered: 0,
      state: last ? 'completed' : 'active',
      nextReminderAt: last ? undefined : schedule.after(now, r.plan[to]!.waitMinutes, enterprise),
    };
    const detail = `${r.plan[to]!.name}: ${describeVisibility(seen.actual!)}`;
    if (
      !(await writer.write(r, patch, { at: now, what: last ? 'completed' : 'advanced', by, detail }, when))
    ) {
      return undefined;
    }
    enterprise.log.info({ stage: to, by }, last ? 'rollout completed' : 'rollout advanced');
    if (last) {
      const name = await appName(deps.apps, r, enterprise.locale);
      const words = rolloutWords(enterprise.locale);
      await notifyAdmins(outbox, {
        suiteId: r.suiteId,
        corpId: r.corpId,
        admins: enterprise.auth.admins,
        topic: 'rollout_completed',
        dedupeBase: `${rolloutKeyBase(r)}:completed:${r.remindersSent}`,
        build: (admin) =>
          textMessage(admin, words.completed(name, reachName(r.plan[to]!, enterprise.locale))),
      });
    }
    return { ...r, ...patch };
  };
}

/** The app's name as the admins know it, for the messages that name it. */
export async function appName(apps: Pick<AppStore, 'get'>, r: Rollout, locale: Locale): Promise<string> {
  return (await apps.get(r.suiteId, r.corpId))?.name || rolloutWords(locale).theApp;
}

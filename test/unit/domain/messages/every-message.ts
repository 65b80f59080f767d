import {
  conversationWords,
  helpfulReply,
  notPausedReply,
} from '../../../../src/domain/conversation/conversation-texts';
import { enabledCard } from '../../../../src/domain/lifecycle/enabled-card';
import type {
  AppStatus,
  PermissionRequest,
  RolloutCard,
  RolloutState,
  Visibility,
} from '../../../../src/domain/model';
import { loadCatalogue } from '../../../../src/domain/permissions/catalogue';
import { permissionCard, purposesText } from '../../../../src/domain/permissions/permission-card';
import { permissionTexts } from '../../../../src/domain/permissions/permission-texts';
import { rolloutStatus } from '../../../../src/domain/rollout/describe-rollout';
import { reachNeeds, reachName, visibilityWords } from '../../../../src/domain/rollout/reach-words';
import { reminderCard } from '../../../../src/domain/rollout/reminder-card';
import { outcomeLabel, rolloutWords } from '../../../../src/domain/rollout/rollout-texts';
import { aDueRollout } from '../../../helpers/domain-builders';
import type { Locale } from '../../../../src/shared/locale';

/**
 * Every card, button label and text the bot sends an admin, rendered for one locale over the
 * inputs that stretch them most: long app names, large ranges, every state, every delay unit.
 * Data (names, ids, times) comes in the locale's own script, so what is left to judge is the
 * bot's own words.
 */
export interface Rendered {
  cards: { name: string; card: Record<string, unknown> }[];
  /** update_template_card button.replace_name values. */
  labels: { name: string; text: string }[];
  texts: { name: string; text: string }[];
}

const catalogue = loadCatalogue();
const PLAN = [
  { name: '试点', names: { en: 'Pilot' }, reach: 'members' as const, waitMinutes: 4320 },
  { name: '部门', names: { en: 'Department' }, reach: 'departments' as const, waitMinutes: 10080 },
  { name: '全员', names: { en: 'Whole company' }, reach: 'company' as const, waitMinutes: 0 },
];
const VISIBILITIES: Visibility[] = [
  { users: [], parties: [], tags: [] },
  { users: ['a'], parties: [], tags: [] },
  { users: Array.from({ length: 12345 }, (_, i) => `u${i}`), parties: [2, 3, 4], tags: [7, 8] },
  { users: [], parties: [1], tags: [] },
];
const DELAYS = [4320, 60, 1439, 10001, 14400];
const STATES: RolloutState[] = ['active', 'paused', 'completed', 'cancelled', 'escalated'];
const APP_STATUSES: AppStatus[] = ['developing', 'in_review', 'approved', 'enabled'];

export function renderAll(locale: Locale): Rendered {
  const zh = locale === 'zh-CN';
  // Data in the locale's script; the longest app name WeCom accepts is 32 characters.
  const appNames = zh ? ['客户管家', '客'.repeat(32)] : ['Helpdesk', 'H'.repeat(32)];
  const by = zh ? '张三' : 'alice';
  const when = '2026-01-08 10:00';
  const out: Rendered = { cards: [], labels: [], texts: [] };
  const text = (name: string, t: string) => out.texts.push({ name, text: t });

  for (const appName of appNames) {
    out.cards.push({ name: 'enabled', card: enabledCard({ toUser: 'a', appName, dedupeKey: 'k', locale }) });
    for (const stageIndex of [-1, 0, 1])
      for (const actual of VISIBILITIES)
        for (const remindLaterMinutes of DELAYS)
          out.cards.push({
            name: `reminder ${stageIndex}`,
            card: reminderCard({
              toUser: 'a',
              dedupeKey: 'k',
              suiteId: 's',
              corpId: 'c',
              appName,
              plan: PLAN,
              stageIndex,
              actual,
              remindLaterMinutes,
              locale,
            }),
          });
    for (const requested of [['customer_contact'], catalogue.map((p) => p.id)])
      for (const raisedCount of [1, 3]) {
        const request = { id: 'r', requested, previous: ['contact_read'], raisedCount };
        out.cards.push({
          name: `permission ${requested.length}`,
          card: permissionCard({ toUser: 'a', request, appName, catalogue, dedupeKey: 'k', locale }),
        });
        text('purposes', purposesText({ request, appName, catalogue, locale }));
      }
  }

  const rw = rolloutWords(locale);
  for (const action of ['widened', 'later', 'pause'] as const)
    for (const card of ['enabled', 'reminder'] as RolloutCard[])
      for (const minutes of DELAYS) {
        const label = outcomeLabel(action, card, minutes, locale);
        out.labels.push({ name: `rollout ${action}`, text: label });
        text('already answered', rw.alreadyAnswered({ by, when, label }));
      }
  out.labels.push({ name: 'rollout ended', text: rw.labels.ended });
  for (const stage of PLAN) {
    text('completed', rw.completed(appNames[1]!, reachName(stage, locale)));
    for (const actual of VISIBILITIES) {
      const visible = visibilityWords(actual, locale);
      const next = reachName(stage, locale);
      text('confirmed', rw.confirmed({ visible, reached: next, next, when }));
      for (const card of ['enabled', 'reminder'] as RolloutCard[])
        text(
          'not widened',
          rw.notWidened({ visible, reached: next, next, needs: reachNeeds(stage.reach, locale), card }),
        );
    }
  }
  text('later', rw.later(when));
  text('paused', rw.paused);
  text('unchecked', rw.unchecked);
  for (const state of STATES) {
    text('ended', rw.ended(state));
    text('not paused', notPausedReply(state, locale));
    const r = aDueRollout(new Date('2026-01-05T02:00:00Z'), {
      suiteId: 's',
      corpId: 'c',
      plan: PLAN,
      actual: VISIBILITIES[2]!,
      state,
      unanswered: 2,
    });
    text('status', rolloutStatus(r, { timeZone: 'Asia/Shanghai', maxUnanswered: 3, locale }).join('\n'));
  }
  text('not started', rw.status.notStarted);

  const cw = conversationWords(locale);
  text('help', cw.help);
  for (const received of [{ text: (zh ? '你好' : 'hello ').repeat(50) }, { media: 'voice' as const }])
    for (const requests of [0, 1, 3])
      for (const paused of [false, true])
        text('helpful', helpfulReply(received, { requests, paused }, locale));
  text('not paused', notPausedReply(undefined, locale));
  text('resumed', cw.resumed(when));
  text('resume not admin', cw.resumeNotAdmin);
  text('nothing yet', cw.nothingYet);
  for (const status of APP_STATUSES) text('app status', cw.appStatus(appNames[1]!, status));

  const pw = permissionTexts(catalogue).in(locale);
  const all = catalogue.map((p) => p.id);
  const states: Pick<PermissionRequest, 'state' | 'answer'>[] = [
    { state: 'pending' },
    { state: 'pending', answer: { answer: 'approve', by, at: new Date(), via: 'button' } },
    { state: 'granted' },
    { state: 'declined', answer: { answer: 'not_now', by, at: new Date(), via: 'text' } },
    { state: 'superseded' },
  ];
  for (const s of states) {
    const r = {
      id: 'r',
      suiteId: 's',
      corpId: 'c',
      requested: all,
      previous: [],
      filedBy: 'x',
      raisedCount: 1,
      history: [],
      createdAt: new Date(),
      updatedAt: new Date(),
      ...s,
    } as PermissionRequest;
    out.labels.push({ name: `permission ${s.state}`, text: pw.cardLabel(r) });
    for (const [name, t] of Object.entries({
      approved: pw.approved(r),
      reminder: pw.reminder(r),
      granted: pw.granted(r),
      declined: pw.declined(r),
      alreadyAnswered: pw.alreadyAnswered(r, when),
      status: [
        pw.status.current(pw.names(all)),
        pw.status.pending(pw.names(all), pw.state(r)),
        pw.status.last(pw.names(all), pw.state(r)),
      ].join('\n'),
    }))
      text(name, t);
  }
  out.labels.push({ name: 'sent again', text: pw.sentAgain });
  for (const t of [pw.noPending, pw.manyPending(12), pw.notFound, pw.notAdmin, pw.cancelled])
    text('permission reply', t);
  return out;
}

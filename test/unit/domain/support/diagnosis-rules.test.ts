import {
  appClosed,
  appNotOnline,
  authorizationCancelled,
  noAdmins,
} from '../../../../src/domain/support/rules/app-rules';
import {
  callbackFailed,
  suiteTicketStale,
  templateCallbackFailed,
} from '../../../../src/domain/support/rules/callback-rules';
import { messagesFailed } from '../../../../src/domain/support/rules/message-rules';
import {
  permissionDeclined,
  permissionNotInEffect,
  permissionUnanswered,
} from '../../../../src/domain/support/rules/permission-rules';
import { rolloutEscalated, rolloutStuck } from '../../../../src/domain/support/rules/rollout-rules';
import {
  ipNotAllowed,
  noPermission,
  nobodyReachable,
  wecomErrors,
} from '../../../../src/domain/support/rules/wecom-error-rules';
import type { Finding } from '../../../../src/domain/support/diagnosis-types';
import type { Locale } from '../../../../src/shared/locale';
import {
  aMessage,
  anApp,
  anAuth,
  anError,
  anEvent,
  aRequest,
  aRollout,
  CORP,
  daysAgo,
  facts,
  minutesAgo,
  SUITE,
  templateFacts,
  TZ,
} from './support-fixture';

const scope = { corpId: CORP, timeZone: TZ, locale: 'en' as const };

describe('diagnosis rules', () => {
  describe('a healthy enterprise', () => {
    it('gives no rule anything to say', () => {
      const f = facts();
      for (const rule of [
        authorizationCancelled,
        appNotOnline,
        appClosed,
        noAdmins,
        callbackFailed,
        messagesFailed,
        permissionUnanswered,
        permissionDeclined,
        permissionNotInEffect,
        rolloutEscalated,
        rolloutStuck,
      ]) {
        expect(rule(f)).toEqual([]);
      }
    });
  });

  describe('authorization_cancelled', () => {
    it('says there is nothing to do, and needs nobody', () => {
      const [x] = authorizationCancelled(
        facts({ authorizations: [anAuth({ state: 'cancelled', cancelledAt: daysAgo(2) })] }),
      );
      expect(x).toMatchObject({ rule: 'authorization_cancelled', actor: 'nobody', needsPerson: false });
      expect(x!.nextStep).toContain('Nothing to do');
      expect(x!.since).toEqual(daysAgo(2));
    });

    it('silences the rules about the cancelled app', () => {
      const f = facts({
        authorizations: [anAuth({ state: 'cancelled' })],
        apps: [anApp({ status: 'developing', closed: true })],
        rollouts: [aRollout({ state: 'escalated' })],
        messages: [aMessage({ status: 'failed' })],
      });
      expect([...appNotOnline(f), ...appClosed(f), ...rolloutEscalated(f), ...messagesFailed(f)]).toEqual([]);
    });
  });

  describe('ip_not_allowed (60020)', () => {
    it('names the IP and the provider console, one finding per IP', () => {
      const errmsg = 'not allow to access from your ip, hint: [x], from ip: 1.2.3.4, more info at ...';
      const found = ipNotAllowed(
        [
          anError({ errcode: 60020, errmsg, at: minutesAgo(5) }),
          anError({ errcode: 60020, errmsg, at: minutesAgo(50), api: 'agent/get' }),
          anError({ errcode: 48002 }),
        ],
        scope,
      );
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({
        rule: 'ip_not_allowed',
        key: 'ip_not_allowed:1.2.3.4',
        severity: 'critical',
        actor: 'provider_console',
        corpId: CORP,
      });
      expect(found[0]!.cause).toContain('1.2.3.4');
      expect(found[0]!.nextStep).toContain('1.2.3.4');
      expect(found[0]!.nextStep).toContain('allow-list');
      expect(found[0]!.since).toEqual(minutesAgo(50));
      expect(found[0]!.evidence.join('\n')).toMatch(/message\/send: errcode 60020 .*×1/);
    });
  });

  describe('no_permission (48002)', () => {
    it('asks the enterprise admin to grant it', () => {
      const [x] = noPermission([anError({ api: 'externalcontact/get_follow_user_list' })], scope);
      expect(x).toMatchObject({ rule: 'no_permission', actor: 'enterprise_admin', suiteId: SUITE });
      expect(x!.cause).toContain('externalcontact/get_follow_user_list');
      expect(x!.nextStep).toContain('custom-permission');
    });
  });

  describe('nobody_reachable (81013 and visibility codes)', () => {
    it('points at the visibility range or licences', () => {
      const [x] = nobodyReachable([anError({ errcode: 81013 })], scope);
      expect(x).toMatchObject({ rule: 'nobody_reachable', actor: 'enterprise_admin' });
      expect(x!.cause).toContain('81013');
      expect(x!.nextStep).toMatch(/licence/);
    });

    it('treats 60021 as members outside the range', () => {
      const [x] = nobodyReachable([anError({ errcode: 60021 })], scope);
      expect(x!.cause).toContain('outside');
    });
  });

  describe('wecom_error (others)', () => {
    it('uses the error table’s hint and skips what the client retries by itself', () => {
      const found = wecomErrors(
        [anError({ errcode: 40084 }), anError({ errcode: -1 }), anError({ errcode: 45009 })],
        scope,
      );
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ rule: 'wecom_error', actor: 'enterprise_admin' });
      expect(found[0]!.nextStep).toContain('authorize again');
    });

    it('leaves the codes with a rule of their own alone', () => {
      expect(
        wecomErrors(
          [anError({ errcode: 60020 }), anError({ errcode: 48002 }), anError({ errcode: 81013 })],
          scope,
        ),
      ).toEqual([]);
    });
  });

  describe('suite_ticket_stale', () => {
    it('is quiet while tickets come every 10 minutes', () => {
      expect(suiteTicketStale(templateFacts())).toEqual([]);
    });

    it('says how long, and to check the template callback URL', () => {
      const [x] = suiteTicketStale(
        templateFacts({
          ticket: { suiteId: SUITE, ticket: 't', timestamp: 1, receivedAt: minutesAgo(40) },
          callbackUrl: 'https://bot.example.com/wecom/templates/wwsuite01/callback',
        }),
      );
      expect(x).toMatchObject({
        rule: 'suite_ticket_stale',
        severity: 'critical',
        actor: 'provider_console',
      });
      expect(x!.cause).toContain('40 minutes');
      expect(x!.nextStep).toContain('https://bot.example.com/wecom/templates/wwsuite01/callback');
      expect(x!.nextStep).toContain('callback URL');
    });

    it('counts a never-seen ticket from when the bot started listening', () => {
      expect(suiteTicketStale(templateFacts({ ticket: undefined, listeningSince: minutesAgo(10) }))).toEqual(
        [],
      );
      const [x] = suiteTicketStale(templateFacts({ ticket: undefined, listeningSince: minutesAgo(45) }));
      expect(x!.cause).toContain('since the bot started 45 minutes ago');
    });
  });

  describe('callback_failed', () => {
    it('reports failed callbacks of the enterprise by kind, with the error', () => {
      const [x] = callbackFailed(
        facts({
          callbacks: [
            anEvent({ kind: 'cancel_auth', status: 'failed', lastError: 'store down' }),
            anEvent({ kind: 'text', status: 'handled' }),
          ],
        }),
      );
      expect(x).toMatchObject({
        rule: 'callback_failed',
        severity: 'critical',
        actor: 'support',
        needsPerson: true,
      });
      expect(x!.cause).toContain('cancel_auth');
      expect(x!.cause).toContain('will not be retried: store down');
    });

    it('only mentions a failure the bot still retries', () => {
      const [x] = callbackFailed(
        facts({
          callbacks: [anEvent({ status: 'failed', lastError: 'busy', nextAttemptAt: minutesAgo(-5) })],
        }),
      );
      expect(x).toMatchObject({ severity: 'info', actor: 'nobody', needsPerson: false });
      expect(x!.nextStep).toContain('retries at 2026-03-02 10:05');
    });

    it('reports a failed create_auth of a template and says to scan again', () => {
      const [x] = templateCallbackFailed(
        templateFacts({
          callbacks: [
            anEvent({ kind: 'create_auth', corpId: undefined, status: 'failed', lastError: 'errcode 40082' }),
          ],
        }),
      );
      expect(x).toMatchObject({ suiteId: SUITE, severity: 'critical' });
      expect(x!.nextStep).toContain('scan again');
    });

    it('forgets failures older than the window', () => {
      expect(
        callbackFailed(facts({ callbacks: [anEvent({ status: 'failed', receivedAt: daysAgo(4) })] })),
      ).toEqual([]);
    });
  });

  describe('app_not_online', () => {
    it('reports an app still developing long after authorization, for the provider console', () => {
      const [x] = appNotOnline(facts({ apps: [anApp({ status: 'developing', createdAt: daysAgo(20) })] }));
      expect(x).toMatchObject({ rule: 'app_not_online', actor: 'provider_console' });
      expect(x!.cause).toContain('20 days');
      expect(x!.nextStep).toContain('submit it for review');
    });

    it('gives an app time before calling it late', () => {
      expect(appNotOnline(facts({ apps: [anApp({ status: 'developing', createdAt: daysAgo(3) })] }))).toEqual(
        [],
      );
    });

    it('counts from when the app entered its status', () => {
      const app = anApp({
        status: 'approved',
        createdAt: daysAgo(40),
        statusHistory: [{ from: 'in_review', to: 'approved', at: daysAgo(1), by: 'support' }],
      });
      expect(appNotOnline(facts({ apps: [app] }))).toEqual([]);
      const late = { ...app, statusHistory: [{ ...app.statusHistory[0]!, at: daysAgo(3) }] };
      expect(appNotOnline(facts({ apps: [late] }))[0]!.nextStep).toContain('Put it online');
      expect(appNotOnline(facts({ apps: [late], locale: 'zh-CN' }))[0]!.nextStep).toContain('代开发应用上线');
    });

    it('offers to mark enabled when WeCom already shows it online', () => {
      const [x] = appNotOnline(facts({ apps: [anApp({ status: 'in_review', publishStatus: 2 })] }));
      expect(x!.action).toEqual({
        label: expect.any(String),
        method: 'POST',
        path: `/admin/api/apps/${SUITE}/${CORP}/status`,
        body: { status: 'enabled' },
      });
    });
  });

  describe('app_closed and no_admins', () => {
    it('asks the admin to re-enable a disabled app', () => {
      const [x] = appClosed(facts({ apps: [anApp({ closed: true })] }));
      expect(x).toMatchObject({ rule: 'app_closed', actor: 'enterprise_admin' });
    });

    it('reports an enterprise with no known app admin', () => {
      const [x] = noAdmins(facts({ authorizations: [anAuth({ admins: [] })] }));
      expect(x).toMatchObject({ rule: 'no_admins', actor: 'enterprise_admin' });
      expect(x!.nextStep).toContain('change_app_admin');
    });
  });

  describe('permission_unanswered', () => {
    const declined = aRequest({
      id: 'req-0',
      state: 'declined',
      answer: { answer: 'not_now', by: 'alice', at: daysAgo(16), via: 'button' },
      createdAt: daysAgo(16),
    });

    it('waits three days before it speaks', () => {
      expect(permissionUnanswered(facts({ requests: [aRequest({ createdAt: daysAgo(2) })] }))).toEqual([]);
    });

    it('leaves a request an admin answered (waiting for WeCom) to permission_not_in_effect', () => {
      const answered = aRequest({
        createdAt: daysAgo(6),
        answer: { answer: 'approve', by: 'alice', at: daysAgo(5), via: 'button' },
      });
      expect(permissionUnanswered(facts({ requests: [answered] }))).toEqual([]);
    });

    it('after two not-nows, asks another admin and resends the card to them', () => {
      const pending = aRequest({ id: 'req-2', raisedCount: 3, createdAt: daysAgo(6) });
      const toAlice = aMessage({ ref: 'req-2', topic: 'permission_card', toUser: 'alice' });
      const toBob = aMessage({ ref: 'req-2', topic: 'permission_card', toUser: 'bob' });
      const [x] = permissionUnanswered(facts({ requests: [pending, declined], messages: [toAlice, toBob] }));
      expect(x).toMatchObject({ rule: 'permission_unanswered', actor: 'support', needsPerson: true });
      expect(x!.cause).toBe('Permission request unanswered for 6 days, after 2 “not now” answers');
      const [zh] = permissionUnanswered(
        facts({ requests: [pending, declined], messages: [toAlice, toBob], locale: 'zh-CN' }),
      );
      expect(zh!.cause).toBe('权限申请 6 天无人答复，此前 2 次暂不授权');
      expect(zh!.action!.label).toBe('重发卡片给 bob');
      expect(x!.nextStep).toContain('Ask another admin (bob)');
      expect(x!.action).toMatchObject({ method: 'POST', path: `/admin/api/messages/${toBob.id}/resend` });
    });

    it('with one admin, says to call them or add another admin', () => {
      const [x] = permissionUnanswered(
        facts({
          authorizations: [anAuth({ admins: ['alice'] })],
          requests: [aRequest({ createdAt: daysAgo(4) })],
        }),
      );
      expect(x!.nextStep).toContain('Only one admin');
      expect(x!.action).toBeUndefined();
    });
  });

  describe('permission_declined', () => {
    it('offers to file again once the follow-ups ran out', () => {
      const [x] = permissionDeclined(
        facts({
          requests: [
            aRequest({
              state: 'declined',
              answer: { answer: 'not_now', by: 'bob', at: daysAgo(2), via: 'button' },
              raisedCount: 3,
              requested: ['schedule'],
            }),
          ],
        }),
      );
      expect(x).toMatchObject({ rule: 'permission_declined', actor: 'support' });
      expect(x!.action).toEqual({
        label: expect.any(String),
        method: 'POST',
        path: `/admin/api/apps/${SUITE}/${CORP}/permission-requests`,
        body: { permissions: ['schedule'] },
      });
    });

    it('stays quiet while the bot will ask again', () => {
      const later = aRequest({ state: 'declined', nextActionAt: daysAgo(-7) });
      expect(permissionDeclined(facts({ requests: [later] }))).toEqual([]);
    });
  });

  describe('permission_not_in_effect', () => {
    it('asks the admin to agree in WeCom’s own notice', () => {
      const [x] = permissionNotInEffect(
        facts({
          requests: [
            aRequest({
              answer: { answer: 'approve', by: 'alice', at: daysAgo(1), via: 'button' },
              history: [{ at: daysAgo(1), what: 'not_granted', detail: 'not granted: customer_contact' }],
            }),
          ],
        }),
      );
      expect(x).toMatchObject({ rule: 'permission_not_in_effect', actor: 'enterprise_admin' });
      expect(x!.nextStep).toContain('permission-change notice');
    });
  });

  describe('rollout_escalated', () => {
    it('gives the reason and a resume action', () => {
      const r = aRollout({
        state: 'escalated',
        unanswered: 3,
        history: [{ at: daysAgo(1), what: 'escalated', detail: '3 reminders unanswered' }],
      });
      const [x] = rolloutEscalated(facts({ rollouts: [r] }));
      expect(x).toMatchObject({ rule: 'rollout_escalated', actor: 'support', since: daysAgo(1) });
      expect(x!.cause).toContain('3 reminders unanswered');
      expect(x!.action).toMatchObject({
        method: 'POST',
        path: `/admin/api/apps/${SUITE}/${CORP}/rollout/resume`,
      });
      expect(x!.evidence.join('\n')).toContain('Unanswered reminders: 3/3');
    });
  });

  describe('rollout_stuck', () => {
    it('blames the scheduler for an overdue reminder', () => {
      const [x] = rolloutStuck(facts({ rollouts: [aRollout({ nextReminderAt: minutesAgo(180) })] }));
      expect(x!.cause).toContain('3 hours overdue');
      expect(x!.nextStep).toContain('scheduler.enabled');
      expect(x!.action).toBeUndefined();
    });

    it('offers a restart for a rollout that stopped moving', () => {
      const r = aRollout({ history: [{ at: daysAgo(40), what: 'started' }], createdAt: daysAgo(40) });
      const [x] = rolloutStuck(facts({ rollouts: [r] }));
      expect(x!.action).toMatchObject({ path: `/admin/api/apps/${SUITE}/${CORP}/rollout/restart` });
    });
  });

  describe('messages_failed', () => {
    it('says fix the cause first, and resends the latest', () => {
      const older = aMessage({
        status: 'failed',
        lastErrcode: 81013,
        lastError: 'errcode 81013',
        updatedAt: daysAgo(2),
      });
      const latest = aMessage({
        status: 'failed',
        lastErrcode: 81013,
        lastError: 'errcode 81013',
        updatedAt: daysAgo(1),
      });
      const [x] = messagesFailed(facts({ messages: [latest, older] }));
      expect(x).toMatchObject({ rule: 'messages_failed', actor: 'support' });
      expect(x!.cause).toContain('2 messages failed');
      expect(x!.nextStep).toContain('visibility');
      expect(x!.action).toMatchObject({ path: `/admin/api/messages/${latest.id}/resend` });
    });

    it('counts a message resent since as done, unless the resend failed too', () => {
      const failed = aMessage({ status: 'failed', dedupeKey: 'k1' });
      const resent = aMessage({ status: 'sent', dedupeKey: 'k1:resend:1' });
      expect(messagesFailed(facts({ messages: [resent, failed] }))).toEqual([]);
      const resentFailed = aMessage({ status: 'failed', dedupeKey: 'k1:resend:1' });
      const [x] = messagesFailed(facts({ messages: [resentFailed, failed] }));
      expect(x!.action).toMatchObject({ path: `/admin/api/messages/${resentFailed.id}/resend` });
    });

    it('leaves out card updates and old failures', () => {
      expect(
        messagesFailed(
          facts({
            messages: [
              aMessage({ status: 'failed', channel: 'app_card_update' }),
              aMessage({ status: 'failed', updatedAt: daysAgo(10) }),
            ],
          }),
        ),
      ).toEqual([]);
    });
  });
});

describe('the findings’ words, one language at a time', () => {
  const answered = (answer: 'approve' | 'not_now') => ({
    answer,
    by: 'alice',
    at: daysAgo(2),
    via: 'button' as const,
  });
  /** One case per rule (and per wording of it), as the locale's reader gets it. */
  const CASES: [string, (locale: Locale) => Finding[]][] = [
    [
      'authorization_cancelled',
      (locale) =>
        authorizationCancelled(
          facts({ locale, authorizations: [anAuth({ state: 'cancelled', cancelledAt: daysAgo(2) })] }),
        ),
    ],
    [
      'app_not_online',
      (locale) =>
        appNotOnline(facts({ locale, apps: [anApp({ status: 'developing', createdAt: daysAgo(20) })] })),
    ],
    [
      'app_not_online (published)',
      (locale) => appNotOnline(facts({ locale, apps: [anApp({ status: 'in_review', publishStatus: 2 })] })),
    ],
    ['app_closed', (locale) => appClosed(facts({ locale, apps: [anApp({ closed: true })] }))],
    ['no_admins', (locale) => noAdmins(facts({ locale, authorizations: [anAuth({ admins: [] })] }))],
    [
      'permission_unanswered',
      (locale) =>
        permissionUnanswered(
          facts({ locale, requests: [aRequest({ raisedCount: 2, createdAt: daysAgo(6) })] }),
        ),
    ],
    [
      'permission_declined',
      (locale) =>
        permissionDeclined(
          facts({
            locale,
            requests: [aRequest({ state: 'declined', answer: answered('not_now'), raisedCount: 3 })],
          }),
        ),
    ],
    [
      'permission_not_in_effect',
      (locale) =>
        permissionNotInEffect(
          facts({
            locale,
            requests: [
              aRequest({
                answer: answered('approve'),
                checkedAt: daysAgo(1),
                history: [{ at: daysAgo(1), what: 'reminded' }],
              }),
            ],
          }),
        ),
    ],
    [
      'rollout_escalated',
      (locale) =>
        rolloutEscalated(
          facts({
            locale,
            rollouts: [
              aRollout({
                state: 'escalated',
                unanswered: 3,
                history: [{ at: daysAgo(1), what: 'escalated', detail: '3 reminders unanswered' }],
              }),
            ],
          }),
        ),
    ],
    [
      'rollout_stuck',
      (locale) => rolloutStuck(facts({ locale, rollouts: [aRollout({ nextReminderAt: minutesAgo(180) })] })),
    ],
    [
      'messages_failed',
      (locale) =>
        messagesFailed(
          facts({
            locale,
            messages: [aMessage({ status: 'failed', lastErrcode: 81013, updatedAt: daysAgo(1) })],
          }),
        ),
    ],
    [
      'callback_failed',
      (locale) =>
        callbackFailed(facts({ locale, callbacks: [anEvent({ kind: 'cancel_auth', status: 'failed' })] })),
    ],
    [
      'suite_ticket_stale',
      (locale) =>
        suiteTicketStale(
          templateFacts({
            locale,
            ticket: undefined,
            listeningSince: minutesAgo(45),
            callbackUrl: undefined,
          }),
        ),
    ],
    [
      'ip_not_allowed',
      (locale) =>
        ipNotAllowed([anError({ errcode: 60020, errmsg: 'from ip: 1.2.3.4' })], { ...scope, locale }),
    ],
    ['no_permission', (locale) => noPermission([anError({ errcode: 48002 })], { ...scope, locale })],
    ['nobody_reachable', (locale) => nobodyReachable([anError({ errcode: 81013 })], { ...scope, locale })],
    [
      'wecom_error',
      (locale) =>
        wecomErrors([anError({ errcode: 40084 }), anError({ errcode: 99999 })], { ...scope, locale }),
    ],
  ];

  /**
   * What a person reads of a finding, less what is not words of either language: the data (the
   * app's name, the admins' ids, a config key) and the console's own technical terms. The evidence
   * quotes records (ids, API paths, errmsg) and is left out.
   */
  const DATA = [
    '客户管家',
    'alice',
    'bob',
    'scheduler.enabled',
    'true',
    'URL',
    'Token',
    'EncodingAESKey',
    'https',
  ];
  const words = (f: Finding): string =>
    DATA.reduce(
      (text, d) => text.split(d).join(' '),
      [f.cause, f.actorLabel, f.nextStep, f.action?.label ?? ''].join('\n').replace(/https?:\/\/\S+/g, ''),
    ).replace(/\b[a-z]+(?:[_/][a-z0-9_]+)+\b|\bww\w+|errcode/g, '');

  it.each(CASES)('%s: Chinese without English, English without Chinese', (_name, run) => {
    const zh = run('zh-CN');
    const en = run('en');
    expect(zh.length).toBeGreaterThan(0);
    expect(en.map((f) => f.rule)).toEqual(zh.map((f) => f.rule));
    for (const f of zh) expect(words(f).match(/[A-Za-z]{3,}/g) ?? []).toEqual([]);
    for (const f of en) expect(words(f).match(/\p{Script=Han}+/gu) ?? []).toEqual([]);
  });
});

import { wecomErrorAlert } from '../../../src/alerts/wecom-error-alert';
import { WecomApiError } from '../../../src/domain/ports/wecom-errors';

describe('wecomErrorAlert', () => {
  const at = new Date('2026-01-05T02:00:00Z');
  const ipError = new WecomApiError(
    60020,
    'not allow to access from your ip, from ip: 192.0.2.5, more',
    'message/send',
    'permanent',
  );

  it('keys 60020 by the IP, so many enterprises raise one alert a day', () => {
    const a = wecomErrorAlert(ipError, { suiteId: 's', corpId: 'c1', at }, 'zh-CN');
    const b = wecomErrorAlert(ipError, { suiteId: 's', corpId: 'c2', at }, 'en');
    expect(a.dedupeKey).toBe('wecom-error:ip:192.0.2.5:60020:2026-01-05');
    expect(b.dedupeKey).toBe(a.dedupeKey);
    expect(a.lines.join('\n')).toContain('192.0.2.5');
    // Each in the one language asked for: the hint too.
    expect(a.action).toMatch(/192\.0\.2\.5.*服务商后台/);
    expect(b.action).toMatch(/^Add IP 192\.0\.2\.5 to the provider's IP allow-list/);
    expect(b.lines).toEqual([
      'API: message/send',
      'Error: errcode 60020 not allow to access from your ip, from ip: 192.0.2.5, more',
    ]);
  });

  it('keys other errors by enterprise and errcode, and says what to fix', () => {
    const err = new WecomApiError(
      48002,
      'api forbidden',
      'externalcontact/get_follow_user_list',
      'permanent',
    );
    const alert = wecomErrorAlert(err, { suiteId: 's', corpId: 'c1', at, what: 'permission_card' }, 'en');
    expect(alert.dedupeKey).toBe('wecom-error:s:c1:48002:2026-01-05');
    expect(alert.corpId).toBe('c1');
    expect(alert.action).toMatch(/has not granted the permission/);
    expect(alert.suiteId).toBe('s');
    expect(
      wecomErrorAlert(err, { suiteId: 's', corpId: 'c1', at: new Date('2026-01-06T02:00:00Z') }, 'en')
        .dedupeKey,
    ).not.toBe(alert.dedupeKey);
  });
});

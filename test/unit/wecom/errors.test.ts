import { classify, hintFor, ipFromErrmsg, WecomApiError } from '../../../src/domain/ports/wecom-errors';

describe('classify', () => {
  it.each([
    [40014, 'token_expired'],
    [42001, 'token_expired'],
    [42009, 'suite_token_expired'],
    [-1, 'busy'],
    [45009, 'rate_limited'],
    [45033, 'rate_limited'],
    [48002, 'permanent'],
    [60020, 'permanent'],
    [81013, 'permanent'],
    [40001, 'permanent'],
    [40084, 'permanent'],
    [41025, 'permanent'],
    [48004, 'permanent'],
    [48006, 'permanent'],
    [301002, 'permanent'],
    [60140, 'permanent'],
    [93000, 'permanent'],
    [93004, 'permanent'],
    [12345678, 'permanent'],
  ])('%i is %s', (errcode, disposition) => {
    expect(classify(errcode)).toBe(disposition);
  });
});

describe('hints', () => {
  const errmsg =
    'not allow to access from your ip, hint: [1700000000_60_abc], from ip: 198.51.100.23, more info at https://open.work.weixin.qq.com/devtool/query?e=60020';

  it('60020 names the IP and where to add it', () => {
    expect(ipFromErrmsg(errmsg)).toBe('198.51.100.23');
    expect(hintFor(60020, errmsg, 'zh-CN')).toMatch(/198\.51\.100\.23.*服务商后台/);
    expect(hintFor(60020, errmsg, 'en')).toMatch(/198\.51\.100\.23.*allow-list/);
  });

  it('60020 without an IP still says what to do', () => {
    expect(hintFor(60020, 'not allow to access from your ip', 'en')).toMatch(/allow-list/);
  });

  it.each([
    [48002, /has not granted the permission/],
    [81013, /admins must add themselves to the app’s visibility range/],
    [48004, /authorization was cancelled/],
    [40001, /reset_permanent_code/],
    [99999, /devtool\/query\?e=99999/],
  ])('%i says what to fix', (errcode, pattern) => {
    expect(hintFor(errcode, '', 'en')).toMatch(pattern);
  });

  it('the error says whether a retry can help', () => {
    const err = new WecomApiError(60020, errmsg, 'message/send', 'permanent');
    expect(err.retryable).toBe(false);
    expect(new WecomApiError(-1, 'busy', 'agent/get', 'busy').retryable).toBe(true);
    expect(err.message).toBe(`message/send: errcode 60020 ${errmsg}`);
  });
});

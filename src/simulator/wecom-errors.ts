/** WeCom's errmsg for each errcode the simulator answers; callers decide on errcode, people read errmsg. */
const ERRMSG: Record<number, string> = {
  [-1]: 'system is busy',
  40001: 'invalid credential',
  40008: 'invalid message type',
  40013: 'invalid corpid',
  40014: 'invalid access_token',
  40029: 'invalid code',
  40032: 'invalid userid list size',
  40056: 'invalid agentid',
  40058: 'invalid Request Parameter',
  40080: 'invalid suite_secret',
  40082: 'invalid suite_token',
  40083: 'invalid suite_id',
  40084: 'invalid permanent_code',
  40085: 'invalid suite_ticket',
  41001: 'access_token missing',
  41002: 'corpid missing',
  41004: 'corpsecret missing',
  41008: 'auth_code missing',
  41011: 'agentid missing',
  41021: 'suite_id missing',
  41022: 'suite_access_token missing',
  41023: 'suite_ticket missing',
  41024: 'suite_secret missing',
  41025: 'permanent_code missing',
  42001: 'access_token expired',
  42009: 'suite_access_token expired',
  44004: 'empty content',
  45002: 'content size out of limit',
  45009: 'api freq out of limit',
  45033: 'api concurrent out of limit',
  47001: 'data format error',
  48001: 'api unauthorized',
  48002: 'api forbidden',
  48004: 'api forbidden for invalid auth',
  60140: 'invalid response_code',
  81013: 'user & party & tag all invalid',
  82002: 'invalid partyid list size',
  82003: 'invalid tagid list size',
  84054: 'auth_corpid missing',
  93000: 'invalid webhook url',
  301002: 'not allow operate another agent with this accesstoken',
};

export function errmsgFor(errcode: number, hint?: string): string {
  const base = ERRMSG[errcode] ?? 'simulated error';
  return hint ? `${base}, hint: [${hint}]` : base;
}

/** A WeCom error answer: HTTP 200 with {errcode, errmsg} plus any fields WeCom adds (e.g. invaliduser). */
export class WecomSimError extends Error {
  constructor(
    readonly errcode: number,
    readonly hint?: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(errmsgFor(errcode, hint));
    this.name = 'WecomSimError';
  }

  toBody(): Record<string, unknown> {
    return { errcode: this.errcode, errmsg: this.message, ...this.extra };
  }
}

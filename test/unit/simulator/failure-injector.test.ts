import { createFailureInjector } from '../../../src/simulator/failure-injector';

describe('createFailureInjector', () => {
  it('consumes matching rules first in, first out, each `times` times', () => {
    const failures = createFailureInjector();
    failures.inject({ path: 'message/send', errcode: 45009, times: 2 });
    failures.inject({ path: 'message/send', httpStatus: 503, times: 1 });
    failures.inject({ path: '/cgi-bin/gettoken', errcode: -1, times: 1 });

    expect(failures.take('/cgi-bin/agent/get')).toBeUndefined();
    expect(failures.take('/cgi-bin/message/send')).toMatchObject({ errcode: 45009 });
    expect(failures.take('/cgi-bin/gettoken')).toMatchObject({ errcode: -1 });
    expect(failures.take('/cgi-bin/message/send')).toMatchObject({ errcode: 45009 });
    expect(failures.take('/cgi-bin/message/send')).toMatchObject({ httpStatus: 503 });
    expect(failures.take('/cgi-bin/message/send')).toBeUndefined();
    expect(failures.pending()).toEqual([]);
  });

  it('matches every path when none is given, and can be cleared', () => {
    const failures = createFailureInjector();
    failures.inject({ timeoutMs: 10, times: 5 });
    expect(failures.take('/cgi-bin/anything')).toEqual({ timeoutMs: 10, times: 1 });
    expect(failures.pending()).toEqual([{ timeoutMs: 10, times: 4 }]);
    failures.clear();
    expect(failures.take('/cgi-bin/anything')).toBeUndefined();
  });

  it('refuses rules that inject nothing or never fire', () => {
    const failures = createFailureInjector();
    expect(() => failures.inject({ path: 'x', times: 1 })).toThrow(/errcode, httpStatus or timeoutMs/);
    expect(() => failures.inject({ errcode: 1, times: 0 })).toThrow();
  });
});

import { createMemoryLogger, redactSecrets } from '../../../src/shared/logger';

describe('redactSecrets', () => {
  it('censors secret keys up to three levels deep, in objects and arrays', () => {
    const input = {
      token: 't',
      suite: { suiteSecret: 's', id: 'ok' },
      list: [{ access_token: 'a', n: 1 }],
      deep: { a: { permanentCode: 'p' } },
    };
    expect(redactSecrets(input)).toEqual({
      token: '[redacted]',
      suite: { suiteSecret: '[redacted]', id: 'ok' },
      list: [{ access_token: '[redacted]', n: 1 }],
      deep: { a: { permanentCode: '[redacted]' } },
    });
  });

  it('leaves the logged object itself unchanged, and returns it as is when there is no secret', () => {
    const input = { suite: { suiteSecret: 's' } };
    redactSecrets(input);
    expect(input.suite.suiteSecret).toBe('s');
    const clean = { a: { b: [1, 2] }, at: new Date(0) };
    expect(redactSecrets(clean)).toBe(clean);
  });

  it('passes errors through for the err serializer', () => {
    const err = Object.assign(new Error('boom'), { token: 'x' });
    expect(redactSecrets({ err }).err).toBe(err);
  });
});

describe('createLogger', () => {
  it('never writes a secret value to a line', () => {
    const { logger, lines } = createMemoryLogger();
    logger.child({ name: 'test' }).info({ adminToken: 'hunter2', body: { encodingAESKey: 'k' } }, 'hello');
    const [line] = lines();
    expect(line).toMatchObject({ name: 'test', msg: 'hello', adminToken: '[redacted]' });
    expect(JSON.stringify(line)).not.toMatch(/hunter2|"k"/);
  });

  it('redacts what an error carries, and keeps its message and stack', () => {
    const { logger, lines } = createMemoryLogger();
    const err = Object.assign(new Error('boom'), { config: { access_token: 'TOKEN-1' } });
    logger.error({ err }, 'failed');
    const [line] = lines();
    expect(line!.err).toMatchObject({ message: 'boom', config: { access_token: '[redacted]' } });
    expect(JSON.stringify(line)).not.toContain('TOKEN-1');
  });
});

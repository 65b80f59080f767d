import { PassThrough } from 'node:stream';
import { readCappedBody } from '../../../src/callback/read-capped-body';
import { AppError, CallbackRejectedError } from '../../../src/shared/errors';

function request(headers: Record<string, string> = {}): PassThrough & { headers: Record<string, string> } {
  return Object.assign(new PassThrough(), { headers });
}

describe('readCappedBody', () => {
  it('reads a body split across chunks, including multi-byte characters split mid-character', async () => {
    const req = request();
    const body = readCappedBody(req, 100);
    const bytes = Buffer.from('<xml>同意</xml>');
    req.write(bytes.subarray(0, 6));
    req.end(bytes.subarray(6));
    await expect(body).resolves.toBe('<xml>同意</xml>');
  });

  it('accepts a body of exactly the limit', async () => {
    const req = request();
    const body = readCappedBody(req, 4);
    req.end('abcd');
    await expect(body).resolves.toBe('abcd');
  });

  it('refuses a declared Content-Length over the limit before reading', async () => {
    const req = request({ 'content-length': '101' });
    await expect(readCappedBody(req, 100)).rejects.toMatchObject({ reason: 'body_too_large', status: 413 });
  });

  it('refuses an undeclared (chunked) body once it passes the limit, and keeps no more of it', async () => {
    const req = request();
    const body = readCappedBody(req, 10);
    req.write('0123456789');
    req.write('X');
    await expect(body).rejects.toMatchObject({ reason: 'body_too_large', status: 413 });
    // The rest is drained without another settle or an unhandled error.
    req.end('more');
    req.destroy(new Error('late'));
  });

  it('refuses a body that is not UTF-8', async () => {
    const req = request();
    const body = readCappedBody(req, 10);
    req.end(Buffer.from([0xff, 0xfe]));
    await expect(body).rejects.toMatchObject({ reason: 'bad_utf8' });
  });

  it('refuses a body cut off by the client', async () => {
    const req = request();
    const body = readCappedBody(req, 10);
    req.write('abc');
    req.destroy();
    await expect(body).rejects.toMatchObject({ reason: 'body_aborted' });
  });

  it('refuses a stream error as an aborted body', async () => {
    const req = request();
    const body = readCappedBody(req, 10);
    req.destroy(new Error('ECONNRESET'));
    await expect(body).rejects.toBeInstanceOf(CallbackRejectedError);
  });

  it('fails loudly (500) when something already read the body', async () => {
    const req = request();
    req.resume();
    req.end('x');
    await new Promise((resolve) => req.on('end', resolve));
    const error = await readCappedBody(req, 10).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(AppError);
    expect(error).not.toBeInstanceOf(CallbackRejectedError);
    expect(error).toMatchObject({ status: 500 });
  });
});

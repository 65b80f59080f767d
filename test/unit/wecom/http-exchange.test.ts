import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { httpExchange } from '../../../src/wecom/http-exchange';

describe('httpExchange', () => {
  let server: Server;
  let base: string;
  const seen: { method?: string; type?: string; body: string }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        seen.push({ method: req.method, type: req.headers['content-type'], body });
        if (req.url === '/silent') return; // never answers
        if (req.url === '/huge') return void res.end('x'.repeat(2 << 20));
        res.writeHead(req.url === '/busy' ? 503 : 200, { 'content-type': 'application/json' });
        res.end('{"errcode":0,"errmsg":"ok"}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('posts JSON and reads the whole answer with its status', async () => {
    await expect(
      httpExchange(`${base}/send`, { method: 'POST', body: '{"a":1}', timeoutMs: 2000 }),
    ).resolves.toEqual({
      status: 200,
      text: '{"errcode":0,"errmsg":"ok"}',
    });
    expect(seen.at(-1)).toEqual({ method: 'POST', type: 'application/json', body: '{"a":1}' });
    await expect(httpExchange(`${base}/busy`, { method: 'GET', timeoutMs: 2000 })).resolves.toMatchObject({
      status: 503,
    });
  });

  it('gives up on an answer that does not come in time, and on one far too large', async () => {
    await expect(httpExchange(`${base}/silent`, { method: 'GET', timeoutMs: 50 })).rejects.toMatchObject({
      name: 'TimeoutError',
    });
    await expect(httpExchange(`${base}/huge`, { method: 'GET', timeoutMs: 2000 })).rejects.toThrow(
      'answer too large',
    );
  });
});

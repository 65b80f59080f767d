import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createHttpPool, type HttpPool } from '../../../src/wecom/http-pool';
import { TransportError } from '../../../src/wecom/transport';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

interface Loopback {
  base: string;
  /** Connections the server has accepted so far. */
  connections: () => number;
  /** Connections the server has seen closed so far. */
  closed: () => number;
  sockets: Set<Socket>;
  close(): Promise<void>;
}

/** A real server on a free loopback port: the pool is tested on real sockets, never on a mock. */
async function loopback(handle: Handler): Promise<Loopback> {
  let connections = 0;
  let closed = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, Buffer.concat(chunks).toString('utf8'), res));
  });
  server.on('connection', (socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('close', () => {
      closed += 1;
      sockets.delete(socket);
    });
  });
  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections: () => connections,
    closed: () => closed,
    sockets,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

const json = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

/** Resolves once `check` holds, polling on the event loop (socket events land between turns). */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setImmediate(resolve));
}

describe('createHttpPool', () => {
  let pool: HttpPool;
  let server: Loopback | undefined;
  beforeEach(() => {
    pool = createHttpPool();
  });
  afterEach(async () => {
    pool.close();
    await server?.close();
    server = undefined;
  });

  it('sends the method, the JSON body and its type, and returns the status and the text', async () => {
    const seen: { method?: string; type?: string; body: string }[] = [];
    server = await loopback((req, body, res) => {
      seen.push({ method: req.method, type: req.headers['content-type'], body });
      json(res, 200, { errcode: 0, echo: req.url });
    });
    const answer = await pool.transport({
      method: 'POST',
      url: `${server.base}/cgi-bin/message/send?access_token=T`,
      body: JSON.stringify({ touser: '张三' }),
      timeoutMs: 2000,
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({ errcode: 0, echo: '/cgi-bin/message/send?access_token=T' });
    expect(seen).toEqual([{ method: 'POST', type: 'application/json', body: '{"touser":"张三"}' }]);

    const got = await pool.transport({
      method: 'GET',
      url: `${server.base}/cgi-bin/gettoken`,
      timeoutMs: 2000,
    });
    expect(got.status).toBe(200);
    expect(seen[1]).toEqual({ method: 'GET', type: undefined, body: '' });
  });

  it('keeps one connection open for requests in a row', async () => {
    server = await loopback((_req, _body, res) => json(res, 200, { errcode: 0 }));
    for (let i = 0; i < 20; i++) {
      await pool.transport({ method: 'POST', url: `${server.base}/x`, body: '{}', timeoutMs: 2000 });
    }
    expect(server.connections()).toBe(1);
  });

  it('answers requests sent at once, each with its own answer', async () => {
    server = await loopback((req, _body, res) => json(res, 200, { path: req.url }));
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        pool.transport({ method: 'GET', url: `${server!.base}/n/${i}`, timeoutMs: 5000 }),
      ),
    );
    expect(answers.map((a) => JSON.parse(a.text).path)).toEqual(answers.map((_, i) => `/n/${i}`));
  });

  it('passes 5xx and 4xx answers back as statuses, not failures', async () => {
    server = await loopback((req, _body, res) => {
      res.writeHead(req.url === '/busy' ? 503 : 404);
      res.end('<html>gateway</html>');
    });
    await expect(
      pool.transport({ method: 'GET', url: `${server.base}/busy`, timeoutMs: 2000 }),
    ).resolves.toEqual({
      status: 503,
      text: '<html>gateway</html>',
    });
    await expect(
      pool.transport({ method: 'GET', url: `${server.base}/nope`, timeoutMs: 2000 }),
    ).resolves.toEqual({
      status: 404,
      text: '<html>gateway</html>',
    });
  });

  it('times out a server that never answers, and closes that connection', async () => {
    server = await loopback(() => undefined);
    await expect(
      pool.transport({ method: 'GET', url: `${server.base}/slow`, timeoutMs: 30 }),
    ).rejects.toEqual(new TransportError('timeout'));
    await until(() => server!.closed() === 1);
  });

  it('times out a server that sends headers and then stalls mid-answer', async () => {
    server = await loopback((_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"errcode":');
    });
    await expect(
      pool.transport({ method: 'GET', url: `${server.base}/stall`, timeoutMs: 30 }),
    ).rejects.toEqual(new TransportError('timeout'));
    await until(() => server!.closed() === 1);
  });

  it('refuses an answer over 1 MiB', async () => {
    server = await loopback((_req, _body, res) => {
      res.writeHead(200);
      res.end('x'.repeat(1024 * 1024 + 1));
    });
    await expect(
      pool.transport({ method: 'GET', url: `${server.base}/big`, timeoutMs: 5000 }),
    ).rejects.toEqual(new TransportError('answer too large'));
  });

  it('fails on a connection cut mid-answer, then sends the next request on a new connection', async () => {
    let first = true;
    server = await loopback((req, _body, res) => {
      if (first) {
        first = false;
        res.writeHead(200, { 'content-length': '100' });
        res.write('{"errcode"');
        setImmediate(() => req.socket.destroy());
        return;
      }
      json(res, 200, { errcode: 0 });
    });
    const cut = pool.transport({ method: 'GET', url: `${server.base}/cut`, timeoutMs: 5000 });
    await expect(cut).rejects.toBeInstanceOf(TransportError);
    await expect(cut).rejects.toThrow(/^network error/);
    const next = await pool.transport({ method: 'GET', url: `${server.base}/next`, timeoutMs: 5000 });
    expect(next.status).toBe(200);
    expect(server.connections()).toBe(2);
  });

  it('reconnects when the server closed the idle connection', async () => {
    server = await loopback((_req, _body, res) => json(res, 200, { errcode: 0 }));
    await pool.transport({ method: 'GET', url: `${server.base}/a`, timeoutMs: 2000 });
    for (const s of server.sockets) s.destroy();
    await until(() => server!.closed() === 1);
    // The pool learns of the close on the next turn of the event loop.
    await new Promise((resolve) => setImmediate(resolve));
    const again = await pool.transport({ method: 'GET', url: `${server.base}/b`, timeoutMs: 2000 });
    expect(again.status).toBe(200);
    expect(server.connections()).toBe(2);
  });

  it('names a refused connection without the URL', async () => {
    server = await loopback(() => undefined);
    const { base } = server;
    await server.close();
    server = undefined;
    const refused = pool.transport({ method: 'GET', url: `${base}/x?access_token=SECRET`, timeoutMs: 2000 });
    await expect(refused).rejects.toEqual(new TransportError('network error ECONNREFUSED'));
  });

  it('refuses a URL it cannot send to', async () => {
    await expect(pool.transport({ method: 'GET', url: 'not a url', timeoutMs: 100 })).rejects.toEqual(
      new TransportError('network error bad URL'),
    );
    await expect(pool.transport({ method: 'GET', url: 'ftp://x.test/', timeoutMs: 100 })).rejects.toEqual(
      new TransportError('network error protocol ftp:'),
    );
  });
});

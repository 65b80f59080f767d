import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestBot } from './test-bot';

/** The bot's app served on a free loopback port, as a browser or the CLI reaches it. */
export async function serveOnLoopback(bot: TestBot): Promise<{ base: string; close(): Promise<void> }> {
  const server: Server = bot.app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

import { TransportError, type Transport } from '../../src/wecom/transport';

/**
 * The WeCom client over fetch, for the tests that mock WeCom with nock: an unmatched request is a
 * rejected promise here, where on node:http nock emits it on a socket no one may be listening to.
 * The bot's own transport (http-pool.ts) is tested against real servers: the simulator and loopback.
 */
export const fetchTransport: Transport = async ({ method, url, body, timeoutMs }) => {
  try {
    const res = await fetch(url, {
      method,
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: res.status, text: await res.text() };
  } catch (err) {
    throw new TransportError(
      err instanceof Error && err.name === 'TimeoutError' ? 'timeout' : 'network error',
    );
  }
};

/** One HTTP exchange with WeCom: what the client asks and what came back, nothing else. */
export interface HttpExchange {
  method: 'GET' | 'POST';
  url: string;
  /** A JSON body; sent with content-type application/json. */
  body?: string;
  /** The whole exchange, connecting and reading the answer included. */
  timeoutMs: number;
}

export interface HttpAnswer {
  status: number;
  text: string;
}

/** How the client reaches WeCom. Fails with a TransportError, whose message never holds the URL. */
export type Transport = (exchange: HttpExchange) => Promise<HttpAnswer>;

/** WeCom was not reached or did not answer in full: the reason names the kind of failure only. */
export class TransportError extends Error {
  override name = 'TransportError';
}

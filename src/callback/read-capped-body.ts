import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { AppError, CallbackRejectedError } from '../shared/errors';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a request body as UTF-8 text, refusing more than `limitBytes` (413 `body_too_large`)
 * before buffering it: by the declared Content-Length when there is one, by counting otherwise.
 */
export function readCappedBody(
  req: Readable & { headers: IncomingHttpHeaders },
  limitBytes: number,
): Promise<string> {
  // A body parser mounted ahead of the callback route would leave nothing to read (and no 'end').
  if (req.readableEnded) return Promise.reject(new AppError('body_already_read'));
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) {
    return Promise.reject(new CallbackRejectedError('body_too_large', 413));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    // Listeners stay attached after settling, so a late 'error' never goes unhandled; the
    // rest of an oversized body is read and dropped (Node also discards it after the answer).
    const settle = (error?: Error): void => {
      if (settled) return;
      settled = true;
      if (error) return reject(error);
      try {
        resolve(utf8.decode(Buffer.concat(chunks)));
      } catch {
        reject(new CallbackRejectedError('bad_utf8'));
      }
    };
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      received += chunk.length;
      if (received > limitBytes) settle(new CallbackRejectedError('body_too_large', 413));
      else chunks.push(chunk);
    });
    req.on('end', () => settle());
    // 'close' before 'end' means the client went away mid-body. It also follows every request:
    // no error is built once the body settled.
    req.on('close', () => !settled && settle(new CallbackRejectedError('body_aborted')));
    req.on('error', () => settle(new CallbackRejectedError('body_aborted')));
  });
}

import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether a candidate is the secret token, in constant time: hashing both first makes their
 * lengths equal, so neither the length nor a prefix of the token leaks. An empty candidate never
 * matches.
 */
export function tokenMatcher(token: string): (candidate: string) => boolean {
  const expected = digest(token);
  return (candidate) => candidate !== '' && timingSafeEqual(digest(candidate), expected);
}

/** The token of an `Authorization: Bearer <token>` header; '' when the header is not that. */
export function bearerToken(header: string): string {
  return /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] ?? '';
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

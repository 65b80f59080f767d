import http from 'node:http';

/** Kept on the http module because every test file in a jest worker shares it, unlike globals. */
const LEAKED_NOCK = Symbol.for('wecom-rollout-bot.leaked-nock');
type Holder = Record<symbol, (() => void) | undefined>;

/** helpers/nock.ts leaves its restore here until its file's afterAll runs it. */
export function leaveNockRestore(restore: (() => void) | undefined): void {
  (http as unknown as Holder)[LEAKED_NOCK] = restore;
}

/** A file whose tests were all skipped runs no afterAll: the next file restores its nock first. */
export function restoreLeakedNock(): void {
  (http as unknown as Holder)[LEAKED_NOCK]?.();
}

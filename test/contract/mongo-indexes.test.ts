import mongoose from 'mongoose';
import { createModels, type Models } from '../../src/stores/mongo/models';

/**
 * What the memory adapter answers from its ordered structures and indexes, and the index the mongo
 * adapter answers the same query with. Read from the schemas, so it holds without a MongoDB server.
 */
const QUERIES: { store: keyof Models; query: string; index: Record<string, 1 | -1>; partial?: object }[] = [
  { store: 'authorizations', query: 'list({ corpId })', index: { corpId: 1 } },
  {
    store: 'authorizations',
    query: 'newestFirst() (support lists)',
    index: { createdAt: -1, corpId: 1, suiteId: 1 },
  },
  {
    store: 'authorizations',
    query: 'list({ test: true }) (overview)',
    index: { test: 1 },
    partial: { test: true },
  },
  { store: 'apps', query: 'list({ corpId }), countCorps()', index: { corpId: 1 } },
  { store: 'apps', query: 'claimDuePolls', index: { nextPollAt: 1, _id: 1 } },
  { store: 'apps', query: 'list({ status }) (support lists)', index: { status: 1 } },
  {
    store: 'authorizations',
    query: "list({ state: 'cancelled' }) (support lists)",
    index: { state: 1 },
  },
  { store: 'rollouts', query: 'list({ corpId })', index: { corpId: 1 } },
  {
    store: 'rollouts',
    query: 'claimDue, listStuck (support lists: by state first)',
    index: { state: 1, nextReminderAt: 1, _id: 1 },
  },
  { store: 'permissionRequests', query: 'list({ corpId })', index: { corpId: 1, suiteId: 1, createdAt: 1 } },
  {
    store: 'permissionRequests',
    query: "file (the app's pending request), list({ state: 'pending' })",
    index: { suiteId: 1, corpId: 1 },
    partial: { state: 'pending' },
  },
  { store: 'permissionRequests', query: 'claimDueActions', index: { nextActionAt: 1, _id: 1 } },
  {
    store: 'permissionRequests',
    query: 'list({ state }) (support lists, since a time)',
    index: { state: 1, createdAt: 1 },
  },
  {
    store: 'outbox',
    query: 'claimDue, list({ status }) (support lists: by status first)',
    index: { status: 1, notBefore: 1, _id: 1 },
  },
  { store: 'outbox', query: 'list({ corpId })', index: { corpId: 1, createdAt: -1, _id: -1 } },
  { store: 'outbox', query: 'purgeFinished', index: { status: 1, updatedAt: 1 } },
  { store: 'inbox', query: 'claimForRetry', index: { status: 1, receivedAt: 1, _id: 1 } },
  { store: 'inbox', query: 'list({ corpId })', index: { corpId: 1, receivedAt: -1, _id: -1 } },
  {
    store: 'inbox',
    query: "list({ status: 'failed' }) (overview)",
    index: { status: 1, receivedAt: 1, _id: 1 },
  },
  {
    store: 'inbox',
    query: 'list({ suiteId, withoutCorp }) (a template’s diagnosis), list({ suiteId, corpId })',
    index: { suiteId: 1, corpId: 1, receivedAt: -1, _id: -1 },
  },
  { store: 'inbox', query: 'purgeExpired (a TTL index expires them)', index: { expiresAt: 1 } },
  { store: 'wecomErrors', query: 'list({ corpId, since })', index: { corpId: 1, at: -1, _id: -1 } },
];

describe('mongo indexes: one for every query the memory adapter answers from an ordered structure', () => {
  const models = createModels(mongoose.createConnection());

  it.each(QUERIES)('$store $query uses $index', ({ store, index, partial }) => {
    const declared = models[store].schema.indexes();
    const found = declared.find(([fields]) => JSON.stringify(fields) === JSON.stringify(index));
    expect(found).toBeDefined();
    if (partial) expect(found![1]).toMatchObject({ partialFilterExpression: partial });
  });
});

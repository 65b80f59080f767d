import mongoose, { type Model } from 'mongoose';
import { createModels, type Models } from '../../../../src/stores/mongo/models';

const T0 = new Date('2026-01-05T02:00:00Z');
const lease = { owner: 'instance-a', until: T0 };
const history = [{ at: T0, what: 'filed', by: 'support:alice' }];

/** One valid document per collection, shaped as the domain writes it. */
const valid: { [K in keyof Models]: Record<string, unknown> } = {
  templates: { suiteId: 'ww-suite', name: '巡检助手', status: 'online', createdAt: T0, updatedAt: T0 },
  authorizations: {
    suiteId: 'ww-suite',
    corpId: 'ww-corp',
    corpName: '示例企业',
    agentId: 1000002,
    admins: ['admin1'],
    permanentCodeEnc: 'v1:iv:ciphertext:tag',
    state: 'active',
    privilege: { users: ['u1'], parties: [1], tags: [], level: 1 },
    timeZone: 'Asia/Shanghai',
    createdAt: T0,
    updatedAt: T0,
  },
  apps: {
    suiteId: 'ww-suite',
    corpId: 'ww-corp',
    name: '巡检助手',
    status: 'enabled',
    statusHistory: [{ from: 'developing', to: 'enabled', at: T0, by: 'poll' }],
    configuration: { callbackUrl: 'https://bot.example/cb' },
    visibility: { users: ['u1'], parties: [], tags: [] },
    publishStatus: 2,
    closed: false,
    effectivePermissions: ['contact:read'],
    enabledAt: T0,
    nextPollAt: T0,
    lease,
    createdAt: T0,
    updatedAt: T0,
  },
  permissionRequests: {
    id: 'pr-1',
    suiteId: 'ww-suite',
    corpId: 'ww-corp',
    requested: ['contact:read'],
    previous: [],
    state: 'granted',
    filedBy: 'support:alice',
    answer: { answer: 'approve', by: 'admin1', at: T0, via: 'button' },
    evidence: { kind: 'support', at: T0, by: 'support:bob', detail: 'console' },
    raisedCount: 1,
    nextActionAt: T0,
    checkedAt: T0,
    lease,
    history,
    createdAt: T0,
    updatedAt: T0,
  },
  rollouts: {
    suiteId: 'ww-suite',
    corpId: 'ww-corp',
    plan: [{ name: 'pilot', reach: 'members', waitMinutes: 60 }],
    stageIndex: -1,
    state: 'active',
    nextReminderAt: T0,
    unanswered: 0,
    remindersSent: 0,
    history,
    createdAt: T0,
    updatedAt: T0,
  },
  outbox: {
    id: 'm-1',
    dedupeKey: 'enabled:ww-corp',
    channel: 'app',
    corpId: 'ww-corp',
    payload: {},
    topic: 'enabled_card',
    status: 'queued',
    attempts: 0,
    notBefore: T0,
    createdAt: T0,
    updatedAt: T0,
  },
  inbox: {
    key: 'msg-1',
    kind: 'text',
    suiteId: 'ww-suite',
    event: { Content: '状态' },
    status: 'received',
    attempts: 0,
    receivedAt: T0,
    expiresAt: T0,
  },
  suiteTickets: { suiteId: 'ww-suite', ticket: 't', timestamp: 1767578400, receivedAt: T0 },
  tokens: { key: 'corp:ww-corp', token: 't', expiresAt: T0, fetchedAt: T0 },
  tokenLeases: { key: 'corp:ww-corp', owner: 'instance-a', until: T0 },
  batchQrCodes: { id: 'qr-1', suiteIds: ['s1', 's2'], createdAt: T0, expiresAt: T0 },
  wecomErrors: { api: 'message/send', errcode: 48002, errmsg: 'api forbidden', at: T0 },
};

describe('mongo models', () => {
  const connection = mongoose.createConnection();
  const models = createModels(connection);
  const names = Object.keys(models) as (keyof Models)[];

  afterAll(() => connection.close());

  const validate = (name: keyof Models, doc: Record<string, unknown>) =>
    new (models[name] as Model<unknown>)(doc).validate();

  it.each(names)('%s: accepts a valid document', async (name) => {
    await expect(validate(name, valid[name])).resolves.toBeUndefined();
  });

  it.each([
    ['templates', { status: 'published' }, 'status'],
    ['apps', { status: 'online' }, 'status'],
    ['apps', { publishStatus: 4 }, 'publishStatus'],
    ['apps', { statusHistory: [{ from: 'developing', to: 'gone', at: T0, by: 'x' }] }, 'statusHistory.0.to'],
    ['permissionRequests', { raisedCount: -1 }, 'raisedCount'],
    [
      'permissionRequests',
      { answer: { answer: 'yes', by: 'u', at: new Date(), via: 'text' } },
      'answer.answer',
    ],
    ['rollouts', { stageIndex: -2 }, 'stageIndex'],
    ['rollouts', { plan: [{ name: 'p', reach: 'world', waitMinutes: 1 }] }, 'plan.0.reach'],
    ['outbox', { channel: 'sms' }, 'channel'],
    ['outbox', { attempts: -1 }, 'attempts'],
    ['inbox', { status: 'lost' }, 'status'],
    ['authorizations', { state: 'deleted' }, 'state'],
  ] as const)('%s: refuses %j', async (name, over, path) => {
    const err = await validate(name, { ...valid[name], ...over }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(mongoose.Error.ValidationError);
    expect(Object.keys((err as mongoose.Error.ValidationError).errors)).toContain(path);
  });

  it.each([
    ['authorizations', 'permanentCodeEnc'],
    ['apps', 'corpId'],
    ['permissionRequests', 'id'],
    ['outbox', 'dedupeKey'],
    ['outbox', 'payload'],
    ['inbox', 'expiresAt'],
    ['tokenLeases', 'until'],
  ] as const)('requires %s.%s', async (name, path) => {
    const doc = { ...valid[name] };
    delete doc[path];
    const err = await validate(name, doc).catch((e: unknown) => e);
    expect(Object.keys((err as mongoose.Error.ValidationError).errors)).toContain(path);
  });

  it('throws on a field no schema declares, rather than dropping it', () => {
    expect(() => new models.apps({ ...valid.apps, nickname: 'x' })).toThrow(/not in schema/);
  });

  it('reads back what the domain wrote: no __v, no implicit empty arrays or dropped empty objects', () => {
    const app = new models.apps({ ...valid.apps, configuration: {} }).toObject();
    expect(app).not.toHaveProperty('__v');
    expect(app.configuration).toEqual({});
    expect(new models.outbox(valid.outbox).toObject().payload).toEqual({});
  });

  describe('indexes', () => {
    const indexes = (name: keyof Models) => models[name].schema.indexes();
    const uniqueKeys = (name: keyof Models) =>
      indexes(name)
        .filter(([, options]) => options.unique)
        .map(([keys, options]) => ({ keys, partial: options.partialFilterExpression }));

    it.each([
      ['templates', [{ suiteId: 1 }]],
      ['authorizations', [{ suiteId: 1, corpId: 1 }]],
      ['apps', [{ suiteId: 1, corpId: 1 }]],
      ['rollouts', [{ suiteId: 1, corpId: 1 }]],
      ['outbox', [{ id: 1 }, { dedupeKey: 1 }]],
      ['inbox', [{ key: 1 }]],
      ['suiteTickets', [{ suiteId: 1 }]],
      ['tokens', [{ key: 1 }]],
      ['tokenLeases', [{ key: 1 }]],
      ['batchQrCodes', [{ id: 1 }]],
      ['wecomErrors', []],
    ] as const)('%s: unique on %j', (name, expected) => {
      expect(uniqueKeys(name)).toEqual(expected.map((keys) => ({ keys, partial: undefined })));
    });

    it('permission requests: unique ids, and at most one pending request per app', () => {
      expect(uniqueKeys('permissionRequests')).toEqual([
        { keys: { id: 1 }, partial: undefined },
        { keys: { suiteId: 1, corpId: 1 }, partial: { state: 'pending' } },
      ]);
    });

    it('expires inbound events at their expiresAt', () => {
      expect(indexes('inbox')).toContainEqual([
        { expiresAt: 1 },
        expect.objectContaining({ expireAfterSeconds: 0 }),
      ]);
    });

    it.each([
      ['apps', { nextPollAt: 1, _id: 1 }],
      ['permissionRequests', { nextActionAt: 1, _id: 1 }],
      ['rollouts', { state: 1, nextReminderAt: 1, _id: 1 }],
      ['outbox', { status: 1, notBefore: 1, _id: 1 }],
      ['inbox', { status: 1, receivedAt: 1, _id: 1 }],
      ['batchQrCodes', { expiresAt: 1 }],
    ] as const)('%s: claims and recovery walk the index %j', (name, keys) => {
      expect(indexes(name).map(([k]) => k)).toContainEqual(keys);
    });
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { ConfigError } from '../../src/shared/errors';

function configFile(content: unknown): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'bot-config-'));
  const file = path.join(dir, 'config.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

const TEMPLATE = {
  suiteId: 'wwsuite',
  suiteSecret: 's3cret',
  token: 'Token123',
  encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
};

describe('loadConfig', () => {
  it('loads the safe defaults: memory store, WeCom production base, no admin API', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, mongodbUri: '', adminToken: '', templates: [] });
    expect(config.wecom.apiBase).toBe('https://qyapi.weixin.qq.com');
    expect(config.wecom.callbackMaxAgeSeconds).toBe(300);
    expect(Object.isFrozen(config.wecom)).toBe(true);
  });

  it('merges the BOT_CONFIG file over the defaults, keeping what it does not name', () => {
    const file = configFile({
      port: 8080,
      store: 'memory',
      wecom: { providerCorpId: 'wwprov' },
      templates: [TEMPLATE],
    });
    const config = loadConfig({ BOT_CONFIG: file });
    expect(config.port).toBe(8080);
    expect(config.wecom.providerCorpId).toBe('wwprov');
    expect(config.wecom.apiBase).toBe('https://qyapi.weixin.qq.com');
    expect(config.templates[0]).toMatchObject(TEMPLATE);
  });

  it('lets environment variables override secrets, including per-template ones', () => {
    const file = configFile({ store: 'memory', templates: [{ ...TEMPLATE, suiteSecret: 'from-file' }] });
    const config = loadConfig({
      BOT_CONFIG: file,
      PORT: '4000',
      ADMIN_TOKEN: 'a-very-long-admin-token',
      WECOM_PROVIDER_SECRET: 'prov-secret',
      WECOM_SUITE_SECRET_wwsuite: 'from-env',
    });
    expect(config.port).toBe(4000);
    expect(config.adminToken).toBe('a-very-long-admin-token');
    expect(config.wecom.providerSecret).toBe('prov-secret');
    expect(config.templates[0]!.suiteSecret).toBe('from-env');
  });

  it.each([
    [{ port: 'eighty' }, 'port'],
    [{ wecom: { apiBase: 'not a url' } }, 'wecom.apiBase'],
    [{ templates: [{ ...TEMPLATE, encodingAESKey: 'short' }] }, 'templates.0.encodingAESKey'],
    [{ templates: [TEMPLATE, TEMPLATE] }, 'templates'],
    [{ adminToken: 'short' }, 'adminToken'],
    [{ mongodbUri: 'http://db' }, 'mongodbUri'],
    [{ rollout: { stages: [{ name: 'x', reach: 'galaxy', waitMinutes: 1 }] } }, 'rollout.stages.0.reach'],
    [
      { rollout: { testStages: [{ name: 'x', reach: 'galaxy', waitMinutes: 1 }] } },
      'rollout.testStages.0.reach',
    ],
    [
      { rollout: { workingHours: { timeZone: 'Mars/Base', start: '09:00', end: '18:00', days: [1] } } },
      'rollout.workingHours.timeZone',
    ],
  ])('names the bad key: %j', (content, key) => {
    const err = errorOf(() => loadConfig({ BOT_CONFIG: configFile(content) }));
    expect(err.key).toBe(key);
    expect(err.message).toContain(key);
  });

  it('requires the secret key with a MongoDB URI (permanent codes are encrypted at rest)', () => {
    const err = errorOf(() => loadConfig({ MONGODB_URI: 'mongodb://localhost/bot' }));
    expect(err.key).toBe('secretKey');
    const ok = loadConfig({ MONGODB_URI: 'mongodb://localhost/bot', BOT_SECRET_KEY: 'a'.repeat(64) });
    expect(ok.mongodbUri).toBe('mongodb://localhost/bot');
  });

  it('refuses real templates on the memory store unless store is "memory" on purpose', () => {
    const refused = errorOf(() => loadConfig({ BOT_CONFIG: configFile({ templates: [TEMPLATE] }) }));
    expect(refused.key).toBe('store');
    expect(refused.message).toMatch(/mongodbUri/);
    const chosen = loadConfig({ BOT_CONFIG: configFile({ store: 'memory', templates: [TEMPLATE] }) });
    expect(chosen.store).toBe('memory');
    const mongo = loadConfig({
      BOT_CONFIG: configFile({ templates: [TEMPLATE] }),
      MONGODB_URI: 'mongodb://localhost/bot',
      BOT_SECRET_KEY: 'a'.repeat(64),
    });
    expect(mongo.store).toBe('auto');
    // No template: the embedded default (simulator, demo template) needs no choice.
    expect(loadConfig({}).store).toBe('auto');
    const both = errorOf(() =>
      loadConfig({ BOT_CONFIG: configFile({ store: 'memory' }), MONGODB_URI: 'mongodb://localhost/bot' }),
    );
    expect(both.key).toBe('store');
  });

  it.each([
    [{ trustProxy: 'yes' }, 'trustProxy'],
    [{ publicBaseUrl: 'bot.example.com' }, 'publicBaseUrl'],
    [{ metricsToken: 'short' }, 'metricsToken'],
    [{ adminSessionHours: 0 }, 'adminSessionHours'],
    [{ store: 'disk' }, 'store'],
    [{ server: { headersTimeoutMs: 60_000, requestTimeoutMs: 30_000 } }, 'server.headersTimeoutMs'],
    [{ server: { maxConnections: 0 } }, 'server.maxConnections'],
  ])('names a bad security setting: %j', (content, key) => {
    expect(errorOf(() => loadConfig({ BOT_CONFIG: configFile(content) })).key).toBe(key);
  });

  it('takes events.maxQueued, 10000 by default', () => {
    expect(loadConfig({}).events.maxQueued).toBe(10_000);
    expect(loadConfig({ BOT_CONFIG: configFile({ events: { maxQueued: 5 } }) }).events.maxQueued).toBe(5);
  });

  it.each([0, -1, 'x', 2.5])('refuses events.maxQueued %j, naming it', (maxQueued) => {
    const err = errorOf(() => loadConfig({ BOT_CONFIG: configFile({ events: { maxQueued } }) }));
    expect(err.key).toBe('events.maxQueued');
    expect(err.message).toContain('events.maxQueued');
  });

  it("gives the default plan's stages a name and an English one, and refuses a locale it does not know", () => {
    const { stages, testStages } = loadConfig({}).rollout;
    for (const plan of [stages, testStages]) {
      expect(plan.map((s) => [s.name, s.names])).toEqual([
        ['试点', { en: 'Pilot' }],
        ['部门', { en: 'Department' }],
        ['全员', { en: 'Whole company' }],
      ]);
    }
    const french = [{ name: '试点', names: { fr: 'Pilote' }, reach: 'members', waitMinutes: 0 }];
    const err = errorOf(() => loadConfig({ BOT_CONFIG: configFile({ rollout: { testStages: french } }) }));
    expect(err.message).toContain('fr');
    expect(err.key).toBe('rollout.testStages.0.names');
  });

  it('refuses an unreadable or invalid BOT_CONFIG file', () => {
    expect(errorOf(() => loadConfig({ BOT_CONFIG: '/nonexistent/bot.json' })).key).toBe('BOT_CONFIG');
    expect(errorOf(() => loadConfig({ BOT_CONFIG: configFile('{ not json') })).key).toBe('BOT_CONFIG');
  });
});

import {
  CONFIG_RULES,
  checkConfig,
  type ConfigCheckInput,
  type ConfigRuleId,
} from '../../../../src/domain/config-check/check-config';
import { buildJpeg, buildPng } from '../../../fixtures/images/build-images';

const LOGO_PNG = buildPng(750, 750);

const validTemplate: ConfigCheckInput = {
  kind: 'template',
  name: '云客CRM',
  intro: '客户管理与销售跟进',
  callbackUrl: 'https://crm.example.com/wecom/callback',
  logo: LOGO_PNG.toString('base64'),
};

const validApp: ConfigCheckInput = {
  kind: 'app',
  name: '云客CRM',
  intro: '客户管理、商机跟进与销售报表，帮助销售团队在企业微信里完成日常工作。',
  callbackUrl: 'https://crm.example.com/wecom/callback?corp=ww123',
  homepageUrl: 'https://crm.example.com/app',
  trustedDomain: 'crm.example.com',
  ipWhitelist: ['203.0.113.7', '198.51.100.20'],
  logo: buildJpeg(750, 750).toString('base64'),
};

/** Field and rule of each problem, the part the tests pin down; messages are checked separately. */
function brief(input: ConfigCheckInput): { field: string; rule: string }[] {
  return checkConfig(input).problems.map(({ field, rule }) => ({ field, rule }));
}

describe('checkConfig', () => {
  it('passes a template that follows every rule', () => {
    expect(checkConfig(validTemplate)).toEqual({ ok: true, problems: [] });
  });

  it('passes an app that follows every rule', () => {
    expect(checkConfig(validApp)).toEqual({ ok: true, problems: [] });
  });

  it('accepts the logo as the file bytes (CLI) as well as base64', () => {
    expect(checkConfig({ ...validApp, logo: LOGO_PNG })).toEqual({ ok: true, problems: [] });
    expect(checkConfig({ ...validApp, logo: new Uint8Array(LOGO_PNG) }).ok).toBe(true);
  });

  it('checks nothing but kind when nothing else is given', () => {
    expect(checkConfig({ kind: 'app' })).toEqual({ ok: true, problems: [] });
  });

  /** One violating input per rule; each must break that rule alone. */
  const cases: { rule: ConfigRuleId; field: string; input: ConfigCheckInput }[] = [
    { rule: 'logo_not_base64', field: 'logo', input: { ...validApp, logo: 'iVBORw0KGgo$$' } },
    { rule: 'logo_format', field: 'logo', input: { ...validApp, logo: Buffer.from('GIF89a....') } },
    { rule: 'logo_corrupt', field: 'logo', input: { ...validApp, logo: LOGO_PNG.subarray(0, 20) } },
    { rule: 'logo_dimensions', field: 'logo', input: { ...validApp, logo: buildPng(750, 749) } },
    { rule: 'logo_size', field: 'logo', input: { ...validApp, logo: buildPng(750, 750, { noise: true }) } },
    { rule: 'name_length', field: 'name', input: { ...validApp, name: '云' } },
    { rule: 'name_special_chars', field: 'name', input: { ...validApp, name: '云客-CRM' } },
    { rule: 'name_forbidden_word', field: 'name', input: { ...validApp, name: '云客免费版' } },
    {
      rule: 'intro_length',
      field: 'intro',
      input: { ...validTemplate, intro: '客户管理与销售跟进，商机、报表、拜访、合同一站式完成' },
    },
    {
      rule: 'callback_url_https',
      field: 'callbackUrl',
      input: { ...validApp, callbackUrl: 'http://crm.example.com/cb' },
    },
    {
      rule: 'callback_url_invalid',
      field: 'callbackUrl',
      input: { ...validApp, callbackUrl: 'https://crm.example.com/c b' },
    },
    {
      rule: 'homepage_url_invalid',
      field: 'homepageUrl',
      input: { ...validApp, homepageUrl: 'crm.example.com/app' },
    },
    {
      rule: 'trusted_domain_scheme',
      field: 'trustedDomain',
      input: { ...validApp, trustedDomain: 'https://crm.example.com' },
    },
    {
      rule: 'trusted_domain_invalid',
      field: 'trustedDomain',
      input: { ...validApp, trustedDomain: 'crm.example.com:8443' },
    },
    {
      rule: 'ip_whitelist_invalid',
      field: 'ipWhitelist[1]',
      input: { ...validApp, ipWhitelist: ['203.0.113.7', '203.0.113.256'] },
    },
    {
      rule: 'ip_whitelist_cidr',
      field: 'ipWhitelist[0]',
      input: { ...validApp, ipWhitelist: ['203.0.113.0/24'] },
    },
    {
      rule: 'ip_whitelist_duplicate',
      field: 'ipWhitelist[2]',
      input: { ...validApp, ipWhitelist: ['203.0.113.7', '198.51.100.20', '203.0.113.7'] },
    },
    {
      rule: 'not_applicable',
      field: 'trustedDomain',
      input: { ...validTemplate, trustedDomain: 'crm.example.com' },
    },
  ];

  it.each(cases)('reports $rule on $field', ({ rule, field, input }) => {
    const result = checkConfig(input);
    expect(result.ok).toBe(false);
    expect(result.problems.map(({ field, rule }) => ({ field, rule }))).toEqual([{ field, rule }]);
  });

  it('describes every rule in CONFIG_RULES once, in Chinese and in English apart', () => {
    const ids = CONFIG_RULES.map((r) => r.rule);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { rule, description } of CONFIG_RULES) {
      expect(rule).toMatch(/^[a-z]+(?:_[a-z0-9]+)*$/);
      expect(description.zh).toMatch(/\p{Script=Han}/u);
      expect(description.en).toMatch(/^[A-Za-z"]/);
    }
  });

  it('has a violating case for every rule in CONFIG_RULES', () => {
    expect(new Set(cases.map((c) => c.rule))).toEqual(new Set(CONFIG_RULES.map((r) => r.rule)));
  });

  it('reports every problem at once, in field order', () => {
    const result = checkConfig({
      kind: 'app',
      name: '企业微信抽奖小助手!!',
      intro: '好',
      callbackUrl: 'http://',
      homepageUrl: 'ftp://crm.example.com',
      trustedDomain: 'http://CRM.example.com/',
      ipWhitelist: ['10.0.0.1', '10.0.0.0/8', '::1', '10.0.0.1'],
      logo: buildPng(800, 600),
    });
    expect(result.ok).toBe(false);
    expect(result.problems.map(({ field, rule }) => ({ field, rule }))).toEqual([
      { field: 'logo', rule: 'logo_dimensions' },
      { field: 'name', rule: 'name_length' },
      { field: 'name', rule: 'name_special_chars' },
      { field: 'name', rule: 'name_forbidden_word' },
      { field: 'intro', rule: 'intro_length' },
      { field: 'callbackUrl', rule: 'callback_url_https' },
      { field: 'callbackUrl', rule: 'callback_url_invalid' },
      { field: 'homepageUrl', rule: 'homepage_url_invalid' },
      { field: 'trustedDomain', rule: 'trusted_domain_scheme' },
      { field: 'trustedDomain', rule: 'trusted_domain_invalid' },
      { field: 'ipWhitelist[1]', rule: 'ip_whitelist_cidr' },
      { field: 'ipWhitelist[2]', rule: 'ip_whitelist_invalid' },
      { field: 'ipWhitelist[3]', rule: 'ip_whitelist_duplicate' },
    ]);
  });

  it('writes every message Chinese first, English after', () => {
    const { problems } = checkConfig({
      kind: 'template',
      name: '!',
      intro: '',
      callbackUrl: 'x',
      logo: '@',
      ipWhitelist: ['1.2.3.4'],
    });
    expect(problems.length).toBeGreaterThan(4);
    for (const { message, messages } of problems) {
      expect(message).toMatch(/^[^/]*\p{Script=Han}.* \/ [A-Za-z"]/u);
      expect(message).toBe(`${messages.zh} / ${messages.en}`);
    }
  });

  describe('name', () => {
    it('counts each code point as one 字, CJK and Latin alike', () => {
      expect(brief({ kind: 'app', name: '云客' })).toEqual([]);
      expect(brief({ kind: 'app', name: 'ab' })).toEqual([]);
      expect(brief({ kind: 'app', name: '云客销售管理系统专业' })).toEqual([]); // 10
      expect(brief({ kind: 'app', name: 'CRMSales01' })).toEqual([]); // 10
      expect(brief({ kind: 'app', name: '云客销售管理系统专业版' })).toEqual([
        { field: 'name', rule: 'name_length' },
      ]);
      // A character outside the BMP is one 字, not two UTF-16 units.
      expect(brief({ kind: 'app', name: '𠀀' })).toEqual([{ field: 'name', rule: 'name_length' }]);
      expect(brief({ kind: 'app', name: '𠀀𠀁' })).toEqual([]);
    });

    it('says how many characters it counted', () => {
      const [problem] = checkConfig({ kind: 'app', name: '云客销售管理系统专业版' }).problems;
      expect(problem.message).toBe('名称须为 2–10 个字，实际 11 个字 / name must be 2–10 characters, got 11');
    });

    it('names each special character once, spaces by code point', () => {
      const [problem] = checkConfig({ kind: 'app', name: '云 客·CRM·' }).problems;
      expect(problem.rule).toBe('name_special_chars');
      expect(problem.message).toContain('U+0020、“·”');
      expect(problem.message).toContain('U+0020, "·"');
    });

    it('refuses emoji, full-width letters and underscores as special', () => {
      for (const name of ['云客😀', '云客ＣＲＭ', '云客_CRM', '云客。']) {
        expect(brief({ kind: 'app', name })).toContainEqual({ field: 'name', rule: 'name_special_chars' });
      }
    });

    it.each(['微信', '特卖', '企业微信', '企微', '抽奖', '免费'])(
      'refuses the word %s and names it',
      (word) => {
        const { problems } = checkConfig({ kind: 'template', name: `云客${word}` });
        expect(problems).toEqual([expect.objectContaining({ field: 'name', rule: 'name_forbidden_word' })]);
        expect(problems[0].message).toContain(`“${word}”`);
      },
    );

    it('reports 企业微信 once, not again as 微信, but both when both stand apart', () => {
      expect(checkConfig({ kind: 'app', name: '企业微信助手' }).problems[0].message).not.toContain('“微信”');
      expect(checkConfig({ kind: 'app', name: '企业微信与微信' }).problems[0].message).toContain(
        '“企业微信”、“微信”',
      );
    });

    it('sees a restricted word through spaces, punctuation and full-width forms', () => {
      expect(brief({ kind: 'app', name: '云客微 信' })).toContainEqual({
        field: 'name',
        rule: 'name_forbidden_word',
      });
      expect(brief({ kind: 'app', name: '云客微·信' })).toContainEqual({
        field: 'name',
        rule: 'name_forbidden_word',
      });
    });
  });

  describe('intro', () => {
    it('allows 4–20 字 for a template and 4–120 for an app', () => {
      const twenty = '一二三四五六七八九十一二三四五六七八九十';
      expect(brief({ kind: 'template', intro: '四个字啊' })).toEqual([]);
      expect(brief({ kind: 'template', intro: twenty })).toEqual([]);
      expect(brief({ kind: 'template', intro: `${twenty}多` })).toEqual([
        { field: 'intro', rule: 'intro_length' },
      ]);
      expect(brief({ kind: 'app', intro: `${twenty}多` })).toEqual([]);
      expect(brief({ kind: 'app', intro: '好'.repeat(120) })).toEqual([]);
      expect(brief({ kind: 'app', intro: '好'.repeat(121) })).toEqual([
        { field: 'intro', rule: 'intro_length' },
      ]);
      expect(brief({ kind: 'app', intro: '三个字' })).toEqual([{ field: 'intro', rule: 'intro_length' }]);
    });

    it('does not count surrounding spaces, and reports an empty intro', () => {
      expect(brief({ kind: 'template', intro: '  三个字  ' })).toEqual([
        { field: 'intro', rule: 'intro_length' },
      ]);
      expect(checkConfig({ kind: 'app', intro: '' }).problems[0].message).toBe(
        '应用介绍须为 4–120 个字，实际 0 个字 / app intro must be 4–120 characters, got 0',
      );
    });
  });

  describe('logo', () => {
    it('accepts a data URL and line-wrapped base64', () => {
      const b64 = LOGO_PNG.toString('base64');
      expect(brief({ kind: 'app', logo: `data:image/png;base64,${b64}` })).toEqual([]);
      expect(brief({ kind: 'app', logo: b64.replace(/.{76}/g, '$&\n') })).toEqual([]);
    });

    it('says the actual size, and when it is not square', () => {
      expect(checkConfig({ kind: 'app', logo: buildJpeg(800, 600) }).problems[0].message).toBe(
        'logo 须为正方形 750×750 像素，实际为 800×600（不是正方形） / logo must be square, 750×750 pixels, got 800×600 (not square)',
      );
      expect(checkConfig({ kind: 'app', logo: buildJpeg(500, 500) }).problems[0].message).toContain(
        'got 500×500',
      );
    });

    it('names the format it got', () => {
      expect(checkConfig({ kind: 'app', logo: Buffer.from('GIF89a....') }).problems[0].message).toContain(
        'got GIF',
      );
      expect(checkConfig({ kind: 'app', logo: '' }).problems[0].message).toContain('empty');
    });

    it('allows exactly 1 MB and refuses one byte more, with the size in the message', () => {
      const png = buildPng(750, 750);
      const padTo = (n: number) => Buffer.concat([png, Buffer.alloc(n - png.length)]); // junk after IEND
      expect(brief({ kind: 'app', logo: padTo(1_048_576) })).toEqual([]);
      const [problem] = checkConfig({ kind: 'app', logo: padTo(1_048_577) }).problems;
      expect(problem).toMatchObject({ field: 'logo', rule: 'logo_size' });
      expect(problem.message).toContain('1.01 MB（1048577 字节）');
    });

    it('reports size and dimensions together', () => {
      expect(brief({ kind: 'app', logo: buildPng(751, 750, { noise: true }) })).toEqual([
        { field: 'logo', rule: 'logo_dimensions' },
        { field: 'logo', rule: 'logo_size' },
      ]);
    });
  });

  describe('callbackUrl', () => {
    it.each([
      'https://crm.example.com/cb',
      'HTTPS://crm.example.com/cb',
      'https://crm.example.com:8443/wecom/cb?x=1',
      'https://203.0.113.7/cb',
      'https://例子.中国/cb',
    ])('accepts %s', (callbackUrl) => {
      expect(brief({ kind: 'template', callbackUrl })).toEqual([]);
    });

    it.each([
      ['http://crm.example.com/cb', ['callback_url_https']],
      ['ftp://crm.example.com/cb', ['callback_url_https']],
      ['crm.example.com/cb', ['callback_url_https', 'callback_url_invalid']],
      ['', ['callback_url_https', 'callback_url_invalid']],
      ['https://', ['callback_url_invalid']],
      ['https:/crm.example.com', ['callback_url_https', 'callback_url_invalid']],
      ['https://localhost/cb', ['callback_url_invalid']],
      ['https://user:pw@crm.example.com/cb', ['callback_url_invalid']],
      ['https://crm.example.com /cb', ['callback_url_invalid']],
      ['https://crm_example.com/cb', ['callback_url_invalid']],
      ['https://crm.example.com:99999/cb', ['callback_url_invalid']],
    ])('refuses %s', (callbackUrl, rules) => {
      expect(brief({ kind: 'template', callbackUrl }).map((p) => p.rule)).toEqual(rules);
    });
  });

  describe('homepageUrl', () => {
    it('accepts http and https, and a blank homepage as not given', () => {
      for (const homepageUrl of ['http://crm.example.com', 'https://crm.example.com/#/home', '', '  ']) {
        expect(brief({ kind: 'app', homepageUrl })).toEqual([]);
      }
    });

    it.each(['crm.example.com', 'ftp://crm.example.com', 'javascript:alert(1)', 'https://crm'])(
      'refuses %s',
      (homepageUrl) => {
        expect(brief({ kind: 'app', homepageUrl })).toEqual([
          { field: 'homepageUrl', rule: 'homepage_url_invalid' },
        ]);
      },
    );
  });

  describe('trustedDomain', () => {
    it.each(['crm.example.com', 'example.com', 'a-b.example.co', 'xn--fsqu00a.xn--fiqs8s'])(
      'accepts %s',
      (trustedDomain) => {
        expect(brief({ kind: 'app', trustedDomain })).toEqual([]);
      },
    );

    it.each([
      ['http://crm.example.com', ['trusted_domain_scheme']],
      ['HTTPS://crm.example.com', ['trusted_domain_scheme']],
      ['https://crm.example.com/app', ['trusted_domain_scheme', 'trusted_domain_invalid']],
      ['crm.example.com/', ['trusted_domain_invalid']],
      ['crm.example.com:8080', ['trusted_domain_invalid']],
      ['CRM.example.com', ['trusted_domain_invalid']],
      ['*.example.com', ['trusted_domain_invalid']],
      ['例子.中国', ['trusted_domain_invalid']],
      ['localhost', ['trusted_domain_invalid']],
      ['203.0.113.7', ['trusted_domain_invalid']],
      ['-crm.example.com', ['trusted_domain_invalid']],
      ['crm..example.com', ['trusted_domain_invalid']],
      ['crm.example.com.', ['trusted_domain_invalid']],
      [`${'a'.repeat(64)}.com`, ['trusted_domain_invalid']],
      ['https://', ['trusted_domain_scheme', 'trusted_domain_invalid']],
    ])('refuses %s', (trustedDomain, rules) => {
      expect(brief({ kind: 'app', trustedDomain }).map((p) => p.rule)).toEqual(rules);
    });

    it('suggests the lowercase form', () => {
      expect(checkConfig({ kind: 'app', trustedDomain: 'CRM.Example.com' }).problems[0].message).toContain(
        'must be lowercase: crm.example.com',
      );
    });
  });

  describe('ipWhitelist', () => {
    it('is optional and may be empty', () => {
      expect(brief({ kind: 'app', ipWhitelist: [] })).toEqual([]);
    });

    it.each(['0.0.0.0', '255.255.255.255', '8.8.8.8', '100.64.1.10'])('accepts %s', (ip) => {
      expect(brief({ kind: 'app', ipWhitelist: [ip] })).toEqual([]);
    });

    it.each([
      '256.1.1.1',
      '01.2.3.4',
      '1.2.3',
      '1.2.3.4.5',
      ' 1.2.3.4',
      '1.2.3.*',
      '1.2.3.4-1.2.3.9',
      '::1',
      '2001:db8::1',
      '',
    ])('refuses %j as not IPv4', (ip) => {
      expect(brief({ kind: 'app', ipWhitelist: [ip] })).toEqual([
        { field: 'ipWhitelist[0]', rule: 'ip_whitelist_invalid' },
      ]);
    });

    it('refuses CIDR ranges with their own rule, but a mangled one as invalid', () => {
      expect(brief({ kind: 'app', ipWhitelist: ['10.0.0.0/8', '1.2.3.4/999', '999.0.0.0/8'] })).toEqual([
        { field: 'ipWhitelist[0]', rule: 'ip_whitelist_cidr' },
        { field: 'ipWhitelist[1]', rule: 'ip_whitelist_invalid' },
        { field: 'ipWhitelist[2]', rule: 'ip_whitelist_invalid' },
      ]);
    });

    it('names the first place of a repeated address', () => {
      const { problems } = checkConfig({ kind: 'app', ipWhitelist: ['1.2.3.4', '1.2.3.4', '1.2.3.4'] });
      expect(problems.map((p) => p.field)).toEqual(['ipWhitelist[1]', 'ipWhitelist[2]']);
      expect(problems[1].message).toContain('repeats ipWhitelist[0]');
    });
  });

  describe('app-only fields on a template', () => {
    it('reports each one that carries a value', () => {
      expect(
        brief({
          kind: 'template',
          homepageUrl: 'https://a.example.com',
          trustedDomain: 'bad domain',
          ipWhitelist: ['x'],
        }),
      ).toEqual([
        { field: 'homepageUrl', rule: 'not_applicable' },
        { field: 'trustedDomain', rule: 'not_applicable' },
        { field: 'ipWhitelist', rule: 'not_applicable' },
      ]);
    });

    it('names the field as the provider console does', () => {
      expect(checkConfig({ kind: 'template', ipWhitelist: ['1.2.3.4'] }).problems[0].message).toBe(
        '模版没有“IP 白名单”（ipWhitelist），它只在代开发应用上填写；请以 kind=app 检查 / ' +
          'templates have no ipWhitelist: it belongs to apps; check it with kind=app',
      );
    });

    it('ignores them when blank, as a form sends empty fields', () => {
      expect(brief({ kind: 'template', homepageUrl: '', trustedDomain: ' ', ipWhitelist: [] })).toEqual([]);
    });
  });
});

/** A 代开发应用模版 (template) or an enterprise's 代开发 app: the two forms differ in fields and limits. */
export type ConfigKind = 'template' | 'app';

/** The handbook's numbers (填写标准), in one place so the rule texts and the checks cannot drift. */
export const CONFIG_LIMITS = {
  nameMin: 2,
  nameMax: 10,
  /** The handbook's list ends in 等 ("etc."): these are the words it names, not every word review refuses. */
  forbiddenWords: ['微信', '特卖', '企业微信', '企微', '抽奖', '免费'],
  introMin: 4,
  introMax: { template: 20, app: 120 },
  logoSide: 750,
  logoMaxBytes: 1024 * 1024,
} as const;

const L = CONFIG_LIMITS;
const BOTH: readonly ConfigKind[] = ['template', 'app'];
const APP: readonly ConfigKind[] = ['app'];

/**
 * Every rule the check can report, for a dashboard to list. `field` names the input field
 * (`[i]` marks a per-entry rule); `description` in both languages, for the reader to pick one.
 */
export const CONFIG_RULES = [
  {
    rule: 'logo_not_base64',
    field: 'logo',
    appliesTo: BOTH,
    description: {
      zh: 'logo 须为 base64 编码的图片',
      en: 'logo must be a base64-encoded image',
    },
  },
  {
    rule: 'logo_format',
    field: 'logo',
    appliesTo: BOTH,
    description: {
      zh: 'logo 须为 jpg 或 png 图片',
      en: 'logo must be a jpg or png image',
    },
  },
  {
    rule: 'logo_corrupt',
    field: 'logo',
    appliesTo: BOTH,
    description: {
      zh: 'logo 图片头损坏，无法读取尺寸',
      en: 'logo header is damaged, its size cannot be read',
    },
  },
  {
    rule: 'logo_dimensions',
    field: 'logo',
    appliesTo: BOTH,
    description: {
      zh: `logo 须为正方形，${L.logoSide}×${L.logoSide} 像素`,
      en: `logo must be square, ${L.logoSide}×${L.logoSide} pixels`,
    },
  },
  {
    rule: 'logo_size',
    field: 'logo',
    appliesTo: BOTH,
    description: {
      zh: `logo 须在 1 MB（${L.logoMaxBytes} 字节）以内`,
      en: `logo must be at most 1 MB (${L.logoMaxBytes} bytes)`,
    },
  },
  {
    rule: 'name_length',
    field: 'name',
    appliesTo: BOTH,
    description: {
      zh: `名称须为 ${L.nameMin}–${L.nameMax} 个字`,
      en: `name must be ${L.nameMin}–${L.nameMax} characters`,
    },
  },
  {
    rule: 'name_special_chars',
    field: 'name',
    appliesTo: BOTH,
    description: {
      zh: '名称只能含汉字、英文字母和数字，不可含空格、标点、符号等特殊字符',
      en: 'name may contain only Chinese characters, Latin letters and digits: no spaces, punctuation or symbols',
    },
  },
  {
    rule: 'name_forbidden_word',
    field: 'name',
    appliesTo: BOTH,
    description: {
      zh: `名称不可含特殊词汇（如${L.forbiddenWords.map((w) => `“${w}”`).join('、')}）`,
      en: `name must not contain restricted words (such as ${L.forbiddenWords.join(', ')})`,
    },
  },
  {
    rule: 'intro_length',
    field: 'intro',
    appliesTo: BOTH,
    description: {
      zh: `模版介绍须为 ${L.introMin}–${L.introMax.template} 个字，应用介绍须为 ${L.introMin}–${L.introMax.app} 个字`,
      en: `template intro must be ${L.introMin}–${L.introMax.template} characters, app intro ${L.introMin}–${L.introMax.app}`,
    },
  },
  {
    rule: 'callback_url_https',
    field: 'callbackUrl',
    appliesTo: BOTH,
    description: {
      zh: '回调 URL 须以 https:// 开头',
      en: 'callback URL must start with https://',
    },
  },
  {
    rule: 'callback_url_invalid',
    field: 'callbackUrl',
    appliesTo: BOTH,
    description: {
      zh: '回调 URL 须为有效的 URL',
      en: 'callback URL must be a valid URL',
    },
  },
  {
    rule: 'homepage_url_invalid',
    field: 'homepageUrl',
    appliesTo: APP,
    description: {
      zh: '应用主页须为有效的 http:// 或 https:// URL',
      en: 'homepage must be a valid http:// or https:// URL',
    },
  },
  {
    rule: 'trusted_domain_scheme',
    field: 'trustedDomain',
    appliesTo: APP,
    description: {
      zh: '可信域名不可带 http:// 或 https:// 头',
      en: 'trusted domain must not start with http:// or https://',
    },
  },
  {
    rule: 'trusted_domain_invalid',
    field: 'trustedDomain',
    appliesTo: APP,
    description: {
      zh: '可信域名须为域名（小写字母、数字、连字符和点），不含端口和路径',
      en: 'trusted domain must be a domain name (lowercase letters, digits, hyphens, dots) without port or path',
    },
  },
  {
    rule: 'ip_whitelist_invalid',
    field: 'ipWhitelist[i]',
    appliesTo: APP,
    description: {
      zh: 'IP 白名单每项须为 IPv4 地址（如 203.0.113.7）',
      en: 'each IP whitelist entry must be an IPv4 address (e.g. 203.0.113.7)',
    },
  },
  {
    rule: 'ip_whitelist_cidr',
    field: 'ipWhitelist[i]',
    appliesTo: APP,
    description: {
      zh: 'IP 白名单须逐个填写 IP，不支持网段（CIDR）',
      en: 'IP whitelist takes single addresses, not CIDR ranges',
    },
  },
  {
    rule: 'ip_whitelist_duplicate',
    field: 'ipWhitelist[i]',
    appliesTo: APP,
    description: {
      zh: 'IP 白名单不可重复',
      en: 'IP whitelist entries must not repeat',
    },
  },
  {
    rule: 'not_applicable',
    field: 'homepageUrl, trustedDomain, ipWhitelist',
    appliesTo: ['template'],
    description: {
      zh: '模版没有应用主页、可信域名和 IP 白名单，这些只在代开发应用上填写',
      en: 'templates have no homepage, trusted domain or IP whitelist: these belong to apps',
    },
  },
] as const satisfies readonly {
  rule: string;
  field: string;
  appliesTo: readonly ConfigKind[];
  description: Bilingual;
}[];

export type ConfigRuleId = (typeof CONFIG_RULES)[number]['rule'];

/** A text in Chinese and in English, joined as `zh / en` where staff read both. */
export interface Bilingual {
  zh: string;
  en: string;
}

/**
 * One broken rule; `field` may carry an index (`ipWhitelist[2]`) to point at one entry. `message`
 * is Chinese first, English after (API, CLI); `messages` has each alone, for a one-language page.
 */
export interface ConfigProblem {
  field: string;
  rule: ConfigRuleId;
  message: string;
  messages: Bilingual;
}

export function configProblem(field: string, rule: ConfigRuleId, zh: string, en: string): ConfigProblem {
  return { field, rule, message: `${zh} / ${en}`, messages: { zh, en } };
}

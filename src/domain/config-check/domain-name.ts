import type { Bilingual } from './types';

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Why a lowercase host is not a public domain name, or undefined if it is one: LDH labels of
 * 1–63, at least two of them (WeCom cannot reach "localhost"), 253 at most in all, and a
 * top-level label that is not all digits (that would be an IP address).
 */
export function domainNameFault(host: string): Bilingual | undefined {
  if (host.length > 253) return { zh: '域名超过 253 个字符', en: 'the domain is longer than 253 characters' };
  const labels = host.split('.');
  if (labels.length < 2) {
    return {
      zh: '须为完整域名（如 app.example.com）',
      en: 'it must be a full domain name (e.g. app.example.com)',
    };
  }
  const bad = labels.find((label) => !LABEL.test(label));
  if (bad !== undefined) {
    return {
      zh: `“${bad}”不是有效的域名段（1–63 个小写字母、数字或连字符，不以连字符开头或结尾）`,
      en: `"${bad}" is not a valid domain label (1–63 lowercase letters, digits or hyphens, not starting or ending with a hyphen)`,
    };
  }
  if (/^\d+$/.test(labels[labels.length - 1])) {
    return { zh: '须为域名而非 IP 地址', en: 'it must be a domain name, not an IP address' };
  }
  return undefined;
}

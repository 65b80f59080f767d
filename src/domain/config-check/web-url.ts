import { domainNameFault } from './domain-name';
import { isIPv4 } from './ipv4';
import type { Bilingual } from './types';

/** An explicit "scheme://" head: WHATWG URL would otherwise accept "https:example.com". */
const SCHEME_HEAD = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * Why a URL is not one WeCom can open, or undefined if it is fine; the scheme itself is left to
 * the caller, since callback and homepage allow different ones.
 */
export function webUrlFault(raw: string): Bilingual | undefined {
  if (raw.trim() === '') return { zh: '为空', en: 'it is empty' };
  if (/[\s\p{Cc}]/u.test(raw)) {
    return { zh: '含空白或控制字符', en: 'it contains whitespace or control characters' };
  }
  if (!SCHEME_HEAD.test(raw)) return { zh: '缺少“协议://”头', en: 'it lacks a "scheme://" head' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { zh: '无法解析为 URL', en: 'it cannot be parsed as a URL' };
  }
  if (url.username || url.password) {
    return { zh: '不可含用户名或密码', en: 'it must not carry a user name or password' };
  }
  if (isIPv4(url.hostname)) return undefined;
  const host = domainNameFault(url.hostname);
  return (
    host && {
      zh: `主机名“${url.hostname}”无效：${host.zh}`,
      en: `host "${url.hostname}" is invalid: ${host.en}`,
    }
  );
}

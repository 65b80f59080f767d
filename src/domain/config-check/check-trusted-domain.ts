import { configProblem } from './config-rules';
import { domainNameFault } from './domain-name';
import type { Bilingual, ConfigProblem } from './types';

const SCHEME_HEAD = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * Trusted domain (apps only): no http:// or https:// head, then a bare domain name. The rest is
 * checked even with a head, so "https://a.com/x" reports both the head and the path.
 */
export function checkTrustedDomain(domain: string): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const head = SCHEME_HEAD.exec(domain)?.[0];
  if (head) {
    problems.push(
      configProblem(
        'trustedDomain',
        'trusted_domain_scheme',
        `可信域名不可带“${head}”头，请只填域名`,
        `trusted domain must not start with "${head}": give the domain alone`,
      ),
    );
  }
  const fault = hostFault(head ? domain.slice(head.length) : domain);
  if (fault) {
    problems.push(
      configProblem(
        'trustedDomain',
        'trusted_domain_invalid',
        `可信域名无效：${fault.zh}`,
        `trusted domain is invalid: ${fault.en}`,
      ),
    );
  }
  return problems;
}

/** Ports and paths are refused: the ICP filing WeCom checks covers a host name, nothing more. */
function hostFault(host: string): Bilingual | undefined {
  if (host === '') return { zh: '域名为空', en: 'the domain is empty' };
  if (/[/?#]/.test(host)) {
    return {
      zh: '只填域名，不含路径（包括末尾的“/”）',
      en: 'give the domain alone, without a path (not even a trailing "/")',
    };
  }
  if (/:\d*$/.test(host)) return { zh: '不含端口', en: 'it must not include a port' };
  if (/[A-Z]/.test(host))
    return { zh: `须为小写：${host.toLowerCase()}`, en: `it must be lowercase: ${host.toLowerCase()}` };
  const bad = [...new Set(host.replace(/[a-z0-9.-]/g, ''))];
  if (bad.length > 0) {
    return {
      zh: `含不允许的字符 ${bad.map((c) => `“${c}”`).join('、')}（只可用小写字母、数字、连字符和点；中文域名请填 xn-- 形式）`,
      en:
        `it contains ${bad.map((c) => `"${c}"`).join(', ')} ` +
        '(only lowercase letters, digits, hyphens and dots; give an internationalised domain in its xn-- form)',
    };
  }
  return domainNameFault(host);
}

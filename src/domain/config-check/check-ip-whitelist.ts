import { configProblem } from './config-rules';
import { isIPv4 } from './ipv4';
import type { ConfigProblem } from './types';

const CIDR = /^([^/]+)\/(\d{1,2})$/;

/**
 * IP whitelist (apps only, optional): each entry a single IPv4 address. The handbook asks for
 * IPs, so ranges (CIDR) are refused with their own rule; a repeat is reported at its second place.
 */
export function checkIpWhitelist(entries: readonly string[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const firstSeen = new Map<string, number>();
  entries.forEach((entry, index) => {
    const field = `ipWhitelist[${index}]`;
    const cidr = CIDR.exec(entry);
    if (cidr && isIPv4(cidr[1])) {
      problems.push(
        configProblem(
          field,
          'ip_whitelist_cidr',
          `“${entry}”是网段，IP 白名单须逐个填写 IP 地址`,
          `"${entry}" is a CIDR range: the IP whitelist takes single IPv4 addresses`,
        ),
      );
    } else if (!isIPv4(entry)) {
      problems.push(
        configProblem(
          field,
          'ip_whitelist_invalid',
          `“${entry}”不是 IPv4 地址（如 203.0.113.7，每段 0–255，不带前导 0，不支持 IPv6）`,
          `"${entry}" is not an IPv4 address (e.g. 203.0.113.7: parts 0–255, no leading zeros, no IPv6)`,
        ),
      );
    } else if (firstSeen.has(entry)) {
      const first = firstSeen.get(entry);
      problems.push(
        configProblem(
          field,
          'ip_whitelist_duplicate',
          `“${entry}”与 ipWhitelist[${first}] 重复`,
          `"${entry}" repeats ipWhitelist[${first}]`,
        ),
      );
    } else {
      firstSeen.set(entry, index);
    }
  });
  return problems;
}

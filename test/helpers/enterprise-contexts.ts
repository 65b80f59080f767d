import { randomBytes } from 'node:crypto';
import { createEnterpriseContexts, type EnterpriseContexts } from '../../src/domain/enterprise/context';
import type { Stores } from '../../src/domain/ports/stores';
import type { WecomClient } from '../../src/domain/ports/wecom';
import { createLogger, type Logger } from '../../src/shared/logger';
import { createSecretBox } from '../../src/shared/secret-box';

/** Contexts per enterprise over the given stores, acting through a (fake) WeCom client. */
export function testContexts(
  stores: Pick<Stores, 'authorizations'>,
  wecom: Pick<WecomClient, 'forCorp'>,
  logger: Logger = createLogger({ level: 'silent' }),
): EnterpriseContexts {
  return createEnterpriseContexts({
    authorizations: stores.authorizations,
    wecom,
    secrets: createSecretBox(randomBytes(32).toString('base64')),
    logger,
    defaultTimeZone: 'Asia/Shanghai',
    defaultLocale: 'zh-CN',
  });
}

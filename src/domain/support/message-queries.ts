import { NotFoundError } from '../../shared/errors';
import type { OutboxMessage } from '../model';
import type { Stores } from '../ports/stores';
import { DEFAULT_PAGING, type MessageFilter, type Page, type Paging, paginate } from './query-params';
import { withoutLease } from './without-lease';

export type MessageRow = Omit<OutboxMessage, 'payload' | 'lease'>;

/** Outbox messages: a filtered list without payloads, and one message in full. */
export function createMessageQueries({ stores }: { stores: Pick<Stores, 'outbox'> }) {
  async function listMessages(
    filter: MessageFilter = {},
    paging: Paging = DEFAULT_PAGING,
  ): Promise<Page<MessageRow>> {
    const found = await stores.outbox.list(filter);
    return paginate(found.map(withoutPayload), paging);
  }

  async function getMessage(id: string): Promise<Omit<OutboxMessage, 'lease'>> {
    const m = await stores.outbox.get(id);
    if (!m) throw new NotFoundError(`message ${id}`);
    return withoutLease(m);
  }

  return { listMessages, getMessage };
}

function withoutPayload(m: OutboxMessage): MessageRow {
  const copy: Partial<OutboxMessage> = { ...m };
  delete copy.payload;
  delete copy.lease;
  return copy as MessageRow;
}

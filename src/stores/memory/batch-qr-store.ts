import type { BatchQrCode } from '../../domain/model';
import { ConflictError } from '../../shared/errors';
import type { BatchQrStore } from '../../domain/ports/stores';
import { newestFirst } from './newest-first';
import { clone } from './clone';

export class MemoryBatchQrStore implements BatchQrStore {
  private readonly codes = new Map<string, BatchQrCode>();

  async create(qr: BatchQrCode): Promise<BatchQrCode> {
    if (this.codes.has(qr.id)) throw new ConflictError(`batch QR code ${qr.id} already exists`);
    this.codes.set(qr.id, clone(qr));
    return clone(qr);
  }

  async list(): Promise<BatchQrCode[]> {
    return clone(newestFirst([...this.codes.values()], (q) => q.createdAt));
  }

  async claimExpiring(before: Date, now: Date): Promise<BatchQrCode[]> {
    const claimed: BatchQrCode[] = [];
    for (const q of this.codes.values()) {
      if (q.expiryAlertedAt !== undefined || q.expiresAt.getTime() >= before.getTime()) continue;
      q.expiryAlertedAt = now;
      claimed.push(q);
    }
    return clone(claimed);
  }
}

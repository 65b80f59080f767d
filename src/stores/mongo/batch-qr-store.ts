import type { Model } from 'mongoose';
import type { BatchQrCode } from '../../domain/model';
import { ConflictError } from '../../shared/errors';
import type { BatchQrStore } from '../../domain/ports/stores';
import { defined, fromDoc } from './documents';
import { isDuplicateKey } from './mongo-errors';
import type { BatchQrCodeDoc } from './models/batch-qr-code.model';

export class MongoBatchQrStore implements BatchQrStore {
  constructor(private readonly codes: Model<BatchQrCodeDoc>) {}

  async create(qr: BatchQrCode): Promise<BatchQrCode> {
    try {
      const created = await this.codes.create(defined(qr));
      return fromDoc<BatchQrCode>(created.toObject());
    } catch (err) {
      if (isDuplicateKey(err)) throw new ConflictError(`batch QR code ${qr.id} already exists`);
      throw err;
    }
  }

  async list(): Promise<BatchQrCode[]> {
    const docs = await this.codes.find().sort({ createdAt: -1, _id: -1 }).lean<BatchQrCodeDoc[]>();
    return docs.map(fromDoc);
  }

  async claimExpiring(before: Date, now: Date): Promise<BatchQrCode[]> {
    // One conditional update per code, so two schedulers never alert the same code twice.
    const claimed: BatchQrCode[] = [];
    for (;;) {
      const doc = await this.codes
        .findOneAndUpdate(
          { expiresAt: { $lt: before }, expiryAlertedAt: { $exists: false } },
          { $set: { expiryAlertedAt: now } },
          { sort: { _id: 1 }, returnDocument: 'after' },
        )
        .lean<BatchQrCodeDoc>();
      if (!doc) return claimed;
      claimed.push(fromDoc(doc));
    }
  }
}

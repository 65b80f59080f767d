import { Schema, type Connection, type Model } from 'mongoose';
import type { SuiteTicket } from '../../../domain/model';
import { collectionOptions } from './shared-schemas';

/** Stored as the domain shape: the newest ticket per suite. */
export type SuiteTicketDoc = SuiteTicket;

export const suiteTicketSchema = new Schema<SuiteTicketDoc>(
  {
    suiteId: { type: String, required: true },
    ticket: { type: String, required: true },
    timestamp: { type: Number, required: true, min: 0 },
    receivedAt: { type: Date, required: true },
  },
  collectionOptions,
);
suiteTicketSchema.index({ suiteId: 1 }, { unique: true });

export const SUITE_TICKET_MODEL = 'SuiteTicket';

export function suiteTicketModel(connection: Connection): Model<SuiteTicketDoc> {
  return (
    (connection.models[SUITE_TICKET_MODEL] as Model<SuiteTicketDoc> | undefined) ??
    connection.model<SuiteTicketDoc>(SUITE_TICKET_MODEL, suiteTicketSchema, 'suite_tickets')
  );
}

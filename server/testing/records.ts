import { eq } from 'drizzle-orm';
import { meetingRecords } from '../../db/schema/index';
import { openItems, type ItemContent, type MinutesPayload } from '../services/record-payload';
import type { TestServer } from './harness';

/** A meeting's minutes record as stored, with its items opened (content null where the file key is gone). */
export async function openMinutes(server: TestServer, meetingId: string) {
  const [record] = await server.database.db
    .select()
    .from(meetingRecords)
    .where(eq(meetingRecords.meetingId, meetingId));
  if (!record?.payload) throw new Error('no minutes record with a payload for this meeting');
  const items = await openItems(server.database.db, record.payload as MinutesPayload);
  return {
    record,
    payload: record.payload as MinutesPayload,
    items: items.map((item) => ({ ...item, ...(item.content as ItemContent) })),
  };
}

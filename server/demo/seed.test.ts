import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { DatabaseHandle } from '../../db/client';
import { createTestDatabase } from '../../db/testing';
import { agendaItems, auditLog, meetings, users, weighingFiles } from '../../db/schema/index';
import { openTexts } from '../services/file-texts';
import { verifyAuditChain } from '../services/audit';
import { verifyPassword } from '../services/passwords';
import { DEMO_LOGINS, seedDemo } from './seed';

describe('demo data', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase();
    expect(await seedDemo(handle.db, 'demo-password-1')).toBe(true);
  });
  afterAll(async () => {
    await handle.close();
  });

  it('has one login per role, with the configured password hashed by argon2id', async () => {
    const rows = await handle.db.select().from(users);
    expect(rows.map((u) => u.username).sort()).toEqual(DEMO_LOGINS.map((l) => l.username).sort());
    expect(rows[0]!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(rows[0]!.passwordHash, 'demo-password-1')).toBe(true);
  });

  it('puts two fictional subjects on a scheduled weegploeg, with the writes audited', async () => {
    const files = await handle.db.select().from(weighingFiles);
    // Names are stored sealed with the file's key (art. 13): opened, they say they are fictional.
    const names = await Promise.all(
      files.map(async (f) => (await openTexts(handle.db, 'weighingFile', f.id, { name: f.name })).name),
    );
    expect(names).toEqual(expect.arrayContaining([expect.stringContaining('(fictief)')]));
    expect(files).toHaveLength(2);
    const [meeting] = await handle.db.select().from(meetings);
    expect(meeting).toMatchObject({ kind: 'weighing', state: 'scheduled' });
    expect(
      await handle.db.select().from(agendaItems).where(eq(agendaItems.meetingId, meeting!.id)),
    ).toHaveLength(2);
    const audited = await handle.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.userAgent, 'casustafel demo seed'));
    expect(audited.length).toBeGreaterThanOrEqual(5);
    expect(await verifyAuditChain(handle.db)).toMatchObject({ ok: true });
  });
});

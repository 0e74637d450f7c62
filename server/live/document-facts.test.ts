import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { agendaItems, caseFiles, meetings, weighingFiles } from '../../db/schema/index';
import type { Me } from '../../shared/index';
import { loadActor } from '../services/actors';
import { admissionFrom, admissionOf } from '../services/admissions';
import { archivedAmong, archivedOutOfReach } from '../services/archive-rule';
import { involvedParties } from '../services/case-files';
import { maskingPolicyFrom, maskingPolicyOf } from '../services/masking';
import { newCaseFile, newWeighingItem, startTestServer, type TestServer } from '../testing/harness';
import { readDocumentFacts } from './document-facts';

/**
 * A live handshake reads what it decides on in one statement (document-facts.ts); the services read the same facts
 * one by one. Both readings must give the same answers, or a rule would hold on one path and not on the other:
 * participation and admission (art. 9.1, 10.5), the non-active archive (art. 13.2), the parties involved in a case
 * (art. 10.4) and the covenant's masking policy.
 */
describe('the facts of a live document, read in one statement', () => {
  let server: TestServer;
  const users = ['voorzitter', 'uitvoerder', 'gemeente', 'politie', 'rvdk', 'reclassering', 'ggz'];
  const addresses: { meetingId: string; itemId: string | null }[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    const db = server.database.db;
    const caseA = await newCaseFile(server, 'Feiten-A', [
      'municipality',
      'child_protection_board',
      'mental_health',
    ]);
    const caseB = await newCaseFile(server, 'Feiten-B', ['municipality', 'probation']);
    const executor = await server.login('uitvoerder');
    const meeting = await executor.post('/api/meetings', {
      kind: 'case',
      title: 'Casusoverleg',
      scheduledAt: '2026-12-02T09:00:00Z',
    });
    const caseMeeting = meeting.body.id as string;
    await executor.post(`/api/meetings/${caseMeeting}/agenda-items`, { caseFileId: caseA });
    const detail = await executor.post(`/api/meetings/${caseMeeting}/agenda-items`, { caseFileId: caseB });
    const [itemA, itemB] = (detail.body.agenda as { id: string }[]).map((item) => item.id);
    const weighing = await newWeighingItem(server, 'Feiten-W');
    // Case A and the weighing file go to the non-active archive (art. 13.2).
    await db.update(caseFiles).set({ archivedAt: new Date() }).where(eq(caseFiles.id, caseA));
    await db
      .update(weighingFiles)
      .set({ archivedAt: new Date() })
      .where(eq(weighingFiles.id, weighing.weighingFileId));
    addresses.push(
      { meetingId: caseMeeting, itemId: null },
      { meetingId: caseMeeting, itemId: itemA! },
      { meetingId: caseMeeting, itemId: itemB! },
      // An item of another meeting, and one that does not exist.
      { meetingId: caseMeeting, itemId: weighing.itemId },
      { meetingId: caseMeeting, itemId: randomUUID() },
      { meetingId: weighing.meetingId, itemId: weighing.itemId },
      { meetingId: randomUUID(), itemId: null },
    );
  });
  afterAll(async () => {
    await server.close();
  });

  it('gives the answers the services give, for every participant and document', async () => {
    const db = server.database.db;
    const seen = { admittedToSome: 0, archived: 0, involved: 0, unknown: 0 };
    for (const username of users) {
      const me = (await (await server.login(username)).get<{ me: Me }>('/api/session')).body.me;
      const actor = (await loadActor(db, me.membershipId))!;
      for (const address of addresses) {
        const facts = await readDocumentFacts(db, actor, address);
        const [meeting] = await db
          .select({ kind: meetings.kind, state: meetings.state })
          .from(meetings)
          .where(and(eq(meetings.id, address.meetingId), eq(meetings.covenantId, actor.covenantId)));
        expect(facts && { kind: facts.kind, state: facts.state }).toEqual(meeting ?? null);
        if (!facts) {
          seen.unknown += 1;
          continue;
        }
        const admission = await admissionOf(db, address.meetingId, actor);
        expect(admissionFrom(actor, facts.scope, facts.admittedItems)).toEqual(admission);
        if (Array.isArray(admission) && admission.length > 0) seen.admittedToSome += 1;
        expect(maskingPolicyFrom(facts.masking)).toEqual(await maskingPolicyOf(db, actor.covenantId));
        if (address.itemId === null) continue;
        const [item] = await db
          .select({
            subjectId: agendaItems.subjectId,
            caseFileId: agendaItems.caseFileId,
            weighingFileId: agendaItems.weighingFileId,
          })
          .from(agendaItems)
          .where(and(eq(agendaItems.id, address.itemId), eq(agendaItems.meetingId, address.meetingId)));
        expect(facts.item).toEqual(item ?? null);
        if (!item) continue;
        const archived = (await archivedOutOfReach(db, actor, [item]))(item);
        expect(archivedAmong(actor, facts.archivedFiles)(item)).toBe(archived);
        if (archived) seen.archived += 1;
        if (item.caseFileId) {
          const involved = (await involvedParties(db, [item.caseFileId])).get(item.caseFileId)!;
          expect([...facts.involvedParties].sort()).toEqual([...involved].sort());
          if (involved.length > 0) seen.involved += 1;
        }
      }
    }
    // Every kind of answer came up at least once, so the comparison above compared something.
    expect(seen.admittedToSome).toBeGreaterThan(0);
    expect(seen.archived).toBeGreaterThan(0);
    expect(seen.involved).toBeGreaterThan(0);
    expect(seen.unknown).toBeGreaterThan(0);
  });
});

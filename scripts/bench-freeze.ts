/**
 * `npm run bench:freeze`: how long freezing a meeting takes (it asserts nothing). Builds BENCH_ITEMS (30) agenda
 * items on a weegploeg, edits the analysis, conclusions and notes of each with BENCH_EDITS (200) small Yjs updates
 * per compartment (stored through the live store, as in a meeting), runs a consent round per item (the recorded
 * decision, three votes, agreed), then freezes the meeting the way `chair:close` does — fence, drain, read every
 * compartment, store the record, the effects on the files (art. 11 duties) and close, in one transaction — and prints the
 * time, the record's size and whether its chain verifies. BENCH_RUNS (3) meetings; BENCH_DATABASE_URL runs it on
 * PostgreSQL (a throwaway database is created there and dropped), else on PGlite in memory.
 */
import { performance } from 'node:perf_hooks';
import { eq } from 'drizzle-orm';
import * as Y from 'yjs';
import { meetingRecords } from '../db/schema/index';
import { docName, type Me, type MeetingDetail, type RegisterSignalResponse } from '../shared/index';
import { freezeMeeting } from '../server/services/freeze/index';
import { freezeDepsOf } from '../server/live/freeze-deps';
import { verifyRecordChain } from '../server/services/records';
import { newSubjectSignal, recordDecision, startTestServer } from '../server/testing/harness';
import { controlClients } from '../server/testing/live-clients';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 30);
const EDITS = Number(process.env.BENCH_EDITS ?? 200);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
if (process.env.BENCH_DATABASE_URL) process.env.DATABASE_URL = process.env.BENCH_DATABASE_URL;
else delete process.env.DATABASE_URL;

const server = await startTestServer();
const control = controlClients(() => server);
try {
  const executor = await server.login('uitvoerder');
  const police = await server.login('politie');
  const chair = (await (await server.login('voorzitter')).get<{ me: Me }>('/api/session')).body.me;
  const { store } = server.app.live;
  console.log(
    `freeze bench: ${ITEMS} items × 3 compartments × ${EDITS} edits, ${RUNS} run(s), ` +
      `database: ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite (in memory)'}`,
  );
  const times: number[] = [];
  for (let run = 1; run <= RUNS; run++) {
    const meeting = await executor.post<MeetingDetail>('/api/meetings', {
      kind: 'weighing',
      title: `Bench ${run}`,
      scheduledAt: '2026-12-01T09:00:00Z',
    });
    const meetingId = meeting.body.id;
    let itemIds: string[] = [];
    const fileIds: string[] = [];
    for (let n = 0; n < ITEMS; n++) {
      const signal = await police.post<RegisterSignalResponse>(
        '/api/signals',
        newSubjectSignal(`Bench ${run}-${n}`),
      );
      const detail = await executor.post<MeetingDetail>(`/api/meetings/${meetingId}/agenda-items`, {
        weighingFileId: signal.body.weighingFileId,
      });
      itemIds = detail.body.agenda.map((item) => item.id);
      fileIds.push(signal.body.weighingFileId);
    }
    const appends: Promise<unknown>[] = [];
    for (const itemId of itemIds) {
      for (const compartment of ['analysis', 'conclusions', 'notes'] as const) {
        const name = docName({ meetingId, itemId, compartment });
        const doc = new Y.Doc();
        doc.on('update', (update: Uint8Array) => appends.push(store.append(name, update)));
        for (let e = 0; e < EDITS; e++) doc.getText(compartment).insert(0, `bevinding ${e}; `);
        doc.destroy();
      }
    }
    await Promise.all(appends);
    // A consent round per item, as in a meeting: the recorded decision, three core parties agree, agreed.
    const chairSocket = control.connect(await server.login('voorzitter'));
    const voters = await Promise.all(
      ['politie', 'gemeente', 'om'].map(async (user) => control.connect(await server.login(user))),
    );
    for (const socket of [chairSocket, ...voters]) await control.call(socket, 'meeting:join', { meetingId });
    await control.call(chairSocket, 'chair:open', { meetingId });
    for (const [n, itemId] of itemIds.entries()) {
      await recordDecision(server, fileIds[n]!, { outcome: 'not_substantial', meetingId });
      await control.call(chairSocket, 'chair:consent-ask', { meetingId, itemId });
      for (const voter of voters)
        await control.call(voter, 'consent:vote', { meetingId, itemId, vote: 'agree' });
      const agreed = await control.call(chairSocket, 'chair:outcome', {
        meetingId,
        itemId,
        outcome: 'agreed',
      });
      if (!agreed.ok) throw new Error(`consent failed: ${agreed.error.message}`);
    }
    control.disconnectAll();

    const start = performance.now();
    const { recordId } = await freezeMeeting(freezeDepsOf(server.app), meetingId, chair);
    const ms = performance.now() - start;
    times.push(ms);
    const [record] = await server.database.db
      .select()
      .from(meetingRecords)
      .where(eq(meetingRecords.id, recordId));
    const bytes = Buffer.byteLength(JSON.stringify(record!.payload));
    const verdict = await verifyRecordChain(server.database.db, record!.covenantId);
    console.log(
      `run ${run}: froze ${ITEMS} items (${appends.length} stored updates) in ${ms.toFixed(0)} ms; ` +
        `record ${(bytes / 1024).toFixed(0)} KiB; chain ${verdict.ok ? `intact (${verdict.rows} records)` : 'BROKEN'}`,
    );
  }
  const sorted = [...times].sort((a, b) => a - b);
  console.log(
    `freeze time ms: min ${sorted[0]!.toFixed(0)}  median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(0)}  max ${sorted[sorted.length - 1]!.toFixed(0)}`,
  );
} finally {
  await server.close();
}

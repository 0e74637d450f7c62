import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { and, eq } from 'drizzle-orm';
import { auditLog } from '../../db/schema/index';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import {
  ANALYSIS_TEXT,
  CONCLUSIONS_TEXT,
  COMPARTMENT_NAMES,
  CloseCode,
  NOTES_TEXT,
  PLAN_GOAL_TEXT,
  MODEL_MASKING_POLICY,
  YJS_PATH,
  YjsMessage,
  docName,
  effectiveAccess,
  type Compartment,
  type ControlAck,
  type Me,
  type MeetingControlState,
  type MeetingKind,
  type MeetingRecordView,
} from '../../shared/index';
import {
  DEMO_USERNAMES,
  newCaseFile,
  newSubjectSignal,
  startTestServer,
  type TestClient,
  type TestServer,
} from '../testing/harness';
import { randomUUID } from 'node:crypto';
import { connectDoc, controlClients, until } from '../testing/live-clients';
import { TEST_REDIS_URL, skipWithoutRedis } from '../testing/redis';
import { pdfText as pdfTextOf } from '../testing/pdf-text';
import { updateMessage } from '../testing/yjs-frames';

/**
 * The masking matrix: every demo role × every compartment × every channel. A unique canary is written into each
 * compartment of a weegploeg item and a casusoverleg item (and tried as free text in the organiser's presence on
 * it, and in the agenda document, where both are refused and so reach no one); each must
 * reach exactly the roles the model convenant's policy allows (art. 8.4, 10.4, 10.5), checked on the raw bytes
 * received — y-websocket frames, socket.io events, REST bodies, the frozen minutes and their PDF — and never a log
 * line.
 */
const NAME = { weighing: 'CANARY-NAAM-weegploeg', case: 'CANARY-NAAM-casusoverleg' } as const;
const content = (kind: MeetingKind, compartment: Compartment) => `CANARY-${kind}-${compartment}`;
const presence = (kind: MeetingKind, compartment: Compartment) => `CANARY-AW-${kind}-${compartment}`;
/**
 * The text each compartment's canary goes into. The agenda document has none: it holds order, time and status
 * only, so a canary written there as free text is refused, and reaches nobody.
 */
const TEXT_FIELD: Record<Compartment, string | null> = {
  agenda: null,
  identity: 'identity',
  signals: 'signals',
  analysis: ANALYSIS_TEXT,
  plan: PLAN_GOAL_TEXT,
  network: 'network',
  conclusions: CONCLUSIONS_TEXT,
  notes: NOTES_TEXT,
};

/** Who takes part: weegploeg = organisers and core parties (art. 1m); casusoverleg = organisers and the parties involved. */
const PARTICIPANTS: Record<MeetingKind, readonly string[]> = {
  weighing: ['voorzitter', 'uitvoerder', 'gemeente', 'politie', 'om'],
  case: ['voorzitter', 'uitvoerder', 'gemeente', 'politie', 'om', 'rvdk', 'ggz'],
};
/** Who may see the subject's name: the weegploeg file for core parties (art. 8.4), the case file for parties involved (art. 10.4). */
const NAME_READERS: Record<MeetingKind, readonly string[]> = {
  weighing: ['voorzitter', 'uitvoerder', 'gemeente', 'politie', 'om'],
  case: ['voorzitter', 'uitvoerder', 'gemeente', 'politie', 'om', 'rvdk'],
};

/**
 * An objection's remark is as sensitive as the item's conclusions (server/services/consent-remarks.ts): the police
 * object on the casusoverleg item with this canary; it must reach the readers of the conclusions, never the GGZ
 * satellite (art. 10.4, 10.5).
 */
const REMARK = 'CANARY-BEZWAAR-politie';
const REMARK_READERS = ['voorzitter', 'uitvoerder', 'gemeente', 'politie', 'om', 'rvdk'] as const;

/** Everything a raw socket to a document receives, until `enough` says so or the server closes it. */
function receive(server: TestServer, user: TestClient, name: string, enough: (text: string) => boolean) {
  return new Promise<{ code: number | null; text: string }>((resolve) => {
    let text = '';
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}${YJS_PATH}/${name}`, {
      headers: { cookie: user.cookie! },
    });
    const timer = setTimeout(() => ws.close(), 5000);
    // Ask for everything, as any y-websocket client does (sync step 1 with an empty state vector).
    ws.on('open', () => {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, YjsMessage.Sync);
      syncProtocol.writeSyncStep1(encoder, new Y.Doc());
      ws.send(encoding.toUint8Array(encoder));
    });
    ws.on('message', (data: Buffer) => {
      text += data.toString('latin1');
      if (enough(text)) ws.close();
    });
    ws.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code === 1005 ? null : code, text });
    });
    ws.on('error', () => undefined);
  });
}

/** Writes free text under a name of its own into a document over a raw socket; resolves with the close code. */
function freeTextWrite(server: TestServer, user: TestClient, name: string, text: string) {
  return new Promise<number>((resolve) => {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}${YJS_PATH}/${name}`, {
      headers: { cookie: user.cookie! },
    });
    ws.once('message', () => {
      const doc = new Y.Doc();
      doc.getText('remarks').insert(0, text);
      ws.send(updateMessage(Y.encodeStateAsUpdate(doc)));
    });
    ws.on('close', (code) => resolve(code));
    ws.on('error', () => undefined);
  });
}

/**
 * Also with several instances (PostgreSQL and Redis): the canaries are written on one instance and every reader
 * (documents, presence, meeting control) is on the other, so what crosses instances is held to the same policy.
 */
const MODES = [
  { label: 'one instance', instances: 1 },
  ...(process.env.DATABASE_URL && !(await skipWithoutRedis())
    ? [{ label: 'two instances over Redis', instances: 2 }]
    : []),
];

describe.each(MODES)(
  'masking matrix: role × compartment × channel (model convenant, $label)',
  ({ instances }) => {
    let server: TestServer;
    /** Where the readers connect: the same instance, or the other one. */
    let reader: TestServer;
    const logs: string[] = [];
    const users: Record<string, TestClient> = {};
    const me: Record<string, Me> = {};
    const meetings = {} as Record<
      MeetingKind,
      { id: string; itemId: string; caseFileId?: string; fileId?: string }
    >;
    const control = controlClients(() => reader);
    const writers: { provider: { destroy(): void } }[] = [];
    const refusedWrites: number[] = [];
    const address = (kind: MeetingKind, compartment: Compartment) =>
      compartment === 'agenda'
        ? docName({ meetingId: meetings[kind].id, itemId: null, compartment })
        : docName({ meetingId: meetings[kind].id, itemId: meetings[kind].itemId, compartment });

    beforeAll(async () => {
      if (instances === 1) {
        server = await startTestServer({ LOG_LEVEL: 'debug' }, logs);
        reader = server;
      } else {
        const env = {
          LOG_LEVEL: 'debug',
          REDIS_URL: TEST_REDIS_URL,
          DATABASE_URL: process.env.DATABASE_URL!,
        };
        const eventsChannel = `casustafel:test:${randomUUID()}`;
        server = await startTestServer(env, logs, { eventsChannel });
        reader = await startTestServer(env, logs, { eventsChannel, sharing: server });
      }
      for (const name of DEMO_USERNAMES) {
        users[name] = await server.login(name);
        me[name] = (await users[name].get<{ me: Me }>('/api/session')).body.me;
      }
      const executor = users.uitvoerder!;
      const signal = await users.politie!.post('/api/signals', newSubjectSignal(NAME.weighing));
      const caseFileId = await newCaseFile(server, NAME.case, [
        'municipality',
        'police',
        'prosecution',
        'child_protection_board',
        'mental_health',
      ]);
      for (const kind of ['weighing', 'case'] as const) {
        const meeting = await executor.post('/api/meetings', {
          kind,
          title: `Matrix ${kind}`,
          scheduledAt: '2026-12-03T09:00:00Z',
        });
        const detail = await executor.post(
          `/api/meetings/${meeting.body.id}/agenda-items`,
          kind === 'weighing' ? { weighingFileId: signal.body.weighingFileId } : { caseFileId },
        );
        meetings[kind] = {
          id: meeting.body.id,
          itemId: detail.body.agenda[0].id,
          ...(kind === 'case' ? { caseFileId } : { fileId: signal.body.weighingFileId as string }),
        };
      }
      // The executor writes a canary into every compartment and keeps its presence (awareness) on each.
      for (const kind of ['weighing', 'case'] as const) {
        for (const compartment of COMPARTMENT_NAMES) {
          // A weegploeg has no plan or network (art. 8.2): not even the executor opens those.
          const executorAccess = effectiveAccess(
            MODEL_MASKING_POLICY,
            { role: 'executor', partyKind: null, partyId: null, organisationType: null },
            { meetingKind: kind, compartment },
          );
          if (executorAccess.access !== 'write') continue;
          const writer = connectDoc(server, executor, address(kind, compartment));
          await until(() => writer.provider.synced, `executor sync ${kind}/${compartment}`);
          const field = TEXT_FIELD[compartment];
          if (field) writer.doc.getText(field).insert(0, content(kind, compartment));
          else
            refusedWrites.push(
              await freeTextWrite(server, executor, address(kind, compartment), content(kind, compartment)),
            );
          // Presence carries a field identifier only: free text in it is dropped before anyone sees it.
          writer.provider.awareness.setLocalState({ field: presence(kind, compartment) });
          writers.push(writer);
        }
      }
      await server.app.live.store.drain();
    }, 120_000);
    afterAll(async () => {
      for (const writer of writers) writer.provider.destroy();
      control.disconnectAll();
      if (reader !== server) await reader.close();
      await server.close();
    });

    it.each(['weighing', 'case'] as const)(
      'y-websocket and awareness (%s): each compartment reaches exactly the roles the policy allows',
      async (kind) => {
        const outcome: string[] = [];
        for (const name of DEMO_USERNAMES) {
          const actor = me[name]!;
          for (const compartment of COMPARTMENT_NAMES) {
            const verdict = effectiveAccess(
              MODEL_MASKING_POLICY,
              {
                role: actor.role,
                partyKind: actor.party?.kind ?? null,
                partyId: actor.party?.id ?? null,
                organisationType: actor.organisation.type,
              },
              { meetingKind: kind, compartment },
            );
            const allowed =
              PARTICIPANTS[kind].includes(name) && (verdict.access === 'read' || verdict.access === 'write');
            const wanted = TEXT_FIELD[compartment] ? [content(kind, compartment)] : [];
            // The identity compartment starts from the file: the subject's name is in it, legitimately.
            const legitimate = compartment === 'identity' ? [...wanted, NAME[kind]] : wanted;
            const got = await receive(reader, users[name]!, address(kind, compartment), (text) =>
              wanted.every((canary) => text.includes(canary)),
            );
            const leaked = [...new Set(got.text.match(/CANARY-[A-Za-z-]+/g) ?? [])].filter(
              (canary) => !legitimate.includes(canary),
            );
            const received = wanted.filter((canary) => got.text.includes(canary));
            outcome.push(
              `${name} ${compartment}: ${allowed ? 'allowed' : 'refused'} → received ${received.length}/${wanted.length}` +
                (leaked.length ? ` LEAKED ${leaked.join(',')}` : '') +
                (!allowed ? ` close ${got.code} bytes ${got.text.length}` : ''),
            );
          }
        }
        const expected = outcome.map((line) =>
          line.includes(': allowed')
            ? line.replace(/received \d\/(\d).*/, 'received $1/$1')
            : line.replace(/received \d\/(\d).*/, 'received 0/$1 close 4403 bytes 0'),
        );
        // The free text written into the agenda document was refused, and so reached no one above.
        expect(refusedWrites).toEqual([CloseCode.BadMessage, CloseCode.BadMessage]);
        expect(outcome).toEqual(expected);
        // Every opening, allowed or refused, is in the audit log with that result (art. 15).
        const rows = await server.database.db
          .select({ userId: auditLog.userId, objectId: auditLog.objectId, result: auditLog.result })
          .from(auditLog)
          .where(and(eq(auditLog.objectType, 'live_document'), eq(auditLog.action, 'read')));
        const audited = outcome.map((line) => {
          const [name, compartment] = line.split(/[ :]/) as [string, Compartment];
          const results = new Set(
            rows
              .filter((r) => r.userId === me[name]!.userId && r.objectId === address(kind, compartment))
              .map((r) => r.result),
          );
          return `${name} ${compartment}: ${[...results].join('+')}`;
        });
        expect(audited).toEqual(
          outcome.map((line) =>
            line.replace(
              /: (allowed|refused).*/,
              (_, r: string) => `: ${r === 'allowed' ? 'allowed' : 'denied'}`,
            ),
          ),
        );
        // A satellite in a casusoverleg gets the plan and the agenda, nothing else (art. 10.5).
        if (kind === 'case')
          expect(outcome.filter((l) => l.startsWith('ggz ') && l.includes(': allowed'))).toEqual([
            'ggz agenda: allowed → received 0/0',
            'ggz plan: allowed → received 1/1',
          ]);
      },
      120_000,
    );

    it('socket.io and REST: no compartment content anywhere, subject names only to those who may read the file', async () => {
      const base = {
        weighing: meetings.weighing,
        case: meetings.case,
      };
      const paths = [
        '/api/meetings',
        `/api/meetings/${base.weighing.id}`,
        `/api/meetings/${base.case.id}`,
        `/api/meetings/${base.weighing.id}/policy`,
        `/api/meetings/${base.case.id}/policy`,
        '/api/case-files',
        `/api/case-files/${base.case.caseFileId}`,
        `/api/case-files/${base.case.caseFileId}/disclosures`,
        '/api/weighing-files',
        `/api/weighing-files/${base.weighing.fileId}`,
      ];
      const report: string[] = [];
      for (const name of DEMO_USERNAMES) {
        const socket = control.connect(users[name]!);
        const events: unknown[] = [];
        socket.onAny((...args: unknown[]) => events.push(args));
        for (const kind of ['weighing', 'case'] as const)
          events.push(await control.call(socket, 'meeting:join', { meetingId: meetings[kind].id }));
        let seen = JSON.stringify(events);
        for (const path of paths) seen += (await users[name]!.get(path)).text;
        socket.disconnect();
        const canaries = [...new Set(seen.match(/CANARY-[A-Za-z-]+/g) ?? [])].sort();
        report.push(`${name}: ${canaries.join(' ') || '-'}`);
      }
      const expected = DEMO_USERNAMES.map((name) => {
        const names = (['case', 'weighing'] as const)
          .filter((kind) => NAME_READERS[kind].includes(name))
          .map((kind) => NAME[kind])
          .sort();
        return `${name}: ${names.join(' ') || '-'}`;
      });
      expect(report).toEqual(expected);
    });

    it('consent remarks on socket.io: a police objection reaches the readers of the conclusions, never the satellite', async () => {
      const meetingId = meetings.case.id;
      const itemId = meetings.case.itemId;
      // Every participant of the casusoverleg keeps every frame it receives: events and the answers to its own calls.
      const frames: Record<string, unknown[]> = {};
      const sockets: Record<string, ReturnType<typeof control.connect>> = {};
      for (const name of PARTICIPANTS.case) {
        const socket = control.connect(users[name]!);
        const seen: unknown[] = [];
        socket.onAny((...args: unknown[]) => seen.push(args));
        seen.push(await control.call(socket, 'meeting:join', { meetingId }));
        frames[name] = seen;
        sockets[name] = socket;
      }
      /** The answer to a socket's own call is a frame it received, too. */
      const answer = async (name: string, ack: Promise<ControlAck>) => {
        frames[name]!.push(await ack);
        return ack;
      };
      const [chair, police, ggz] = [sockets.voorzitter!, sockets.politie!, sockets.ggz!];
      await answer('voorzitter', control.call(chair, 'chair:open', { meetingId }));
      const proposal = { advice: 'continue', nextReviewDate: '2027-01-15' } as const;
      expect(
        await answer('voorzitter', control.call(chair, 'chair:consent-ask', { meetingId, itemId, proposal })),
      ).toMatchObject({ ok: true });
      expect(
        await answer(
          'politie',
          control.call(police, 'consent:vote', { meetingId, itemId, vote: 'object', remark: REMARK }),
        ),
      ).toMatchObject({ ok: true });
      // The satellite votes last: once its vote is in every socket's state, so is every state before it.
      expect(
        await answer('ggz', control.call(ggz, 'consent:vote', { meetingId, itemId, vote: 'agree' })),
      ).toMatchObject({ ok: true });
      await until(
        () => PARTICIPANTS.case.every((name) => JSON.stringify(frames[name]).includes('"vote":"agree"')),
        'every participant hears of the votes',
      );
      for (const socket of Object.values(sockets)) socket.disconnect();

      const report = PARTICIPANTS.case.map(
        (name) => `${name}: ${JSON.stringify(frames[name]).includes(REMARK) ? 'remark' : '-'}`,
      );
      expect(report).toEqual(
        PARTICIPANTS.case.map(
          (name) => `${name}: ${(REMARK_READERS as readonly string[]).includes(name) ? 'remark' : '-'}`,
        ),
      );
      // The satellite still sees that the police objected, and that the remark is masked for it.
      const states = frames.ggz!.flatMap((frame) =>
        Array.isArray(frame) && frame[0] === 'meeting:state' ? [frame[1] as MeetingControlState] : [],
      );
      expect(states.at(-1)?.consent.find((c) => c.itemId === itemId)?.votes).toEqual([
        expect.objectContaining({ vote: 'agree', remark: null }),
        expect.objectContaining({
          organisation: me.politie!.organisation.name,
          vote: 'object',
          remark: null,
          remarkMasked: { rule: 'art. 10.5' },
        }),
      ]);
    }, 60_000);

    it('frozen minutes, on the API and in the PDF: each reader gets exactly what the policy allows', async () => {
      // Close (freeze) both meetings; then every role reads the record and downloads its PDF.
      const chair = control.connect(users.voorzitter!);
      for (const kind of ['weighing', 'case'] as const) {
        await control.call(chair, 'meeting:join', { meetingId: meetings[kind].id });
        await control.call(chair, 'chair:open', { meetingId: meetings[kind].id });
        expect(await control.close(chair, meetings[kind].id)).toMatchObject({ ok: true });
      }
      const known = [
        REMARK,
        ...(['weighing', 'case'] as const).flatMap((kind) => [
          NAME[kind],
          ...COMPARTMENT_NAMES.flatMap((c) => [content(kind, c), presence(kind, c)]),
        ]),
      ];
      // A PDF may break a canary over two lines: compare without whitespace.
      const found = (text: string) => {
        const flat = text.replace(/\s+/g, '');
        return known.filter((canary) => flat.includes(canary)).sort();
      };
      const report: string[] = [];
      const expected: string[] = [];
      for (const name of DEMO_USERNAMES) {
        const actor = me[name]!;
        for (const kind of ['weighing', 'case'] as const) {
          const path = `/api/meetings/${meetings[kind].id}/record`;
          const json = await users[name]!.get(path);
          const pdf = await fetch(server.url + path + '/pdf', { headers: { cookie: users[name]!.cookie! } });
          const pdfText = pdf.ok ? await pdfTextOf(new Uint8Array(await pdf.arrayBuffer())) : '';
          report.push(
            `${name} ${kind}: api ${json.status} ${found(json.text).join(' ') || '-'}; pdf ${pdf.status} ${found(pdfText).join(' ') || '-'}`,
          );
          // What the live meeting allowed, the minutes allow: every readable compartment but the agenda (which the
          // record keeps apart), and the name with the identity.
          const readable = PARTICIPANTS[kind].includes(name)
            ? COMPARTMENT_NAMES.filter(
                (compartment) =>
                  compartment !== 'agenda' &&
                  ['read', 'write'].includes(
                    effectiveAccess(
                      MODEL_MASKING_POLICY,
                      {
                        role: actor.role,
                        partyKind: actor.party?.kind ?? null,
                        partyId: actor.party?.id ?? null,
                        organisationType: actor.organisation.type,
                      },
                      { meetingKind: kind, compartment },
                    ).access,
                  ),
              )
            : [];
          const canaries = [
            ...readable.map((c) => content(kind, c)),
            ...(readable.includes('identity') ? [NAME[kind]] : []),
            // The police objection of the consent round above: recorded, for readers of the conclusions only.
            ...(kind === 'case' && readable.includes('conclusions') ? [REMARK] : []),
          ].sort();
          const status = PARTICIPANTS[kind].includes(name) ? 200 : 403;
          const listed = canaries.join(' ') || '-';
          expected.push(`${name} ${kind}: api ${status} ${listed}; pdf ${status} ${listed}`);
        }
      }
      expect(report).toEqual(expected);
      // The satellite's minutes of the casusoverleg: the plan only (art. 10.5); the police objection without its remark.
      expect(report.find((line) => line.startsWith('ggz case'))).toBe(
        `ggz case: api 200 ${content('case', 'plan')}; pdf 200 ${content('case', 'plan')}`,
      );
      const satellite = await users.ggz!.get<MeetingRecordView>(`/api/meetings/${meetings.case.id}/record`);
      const objections = satellite.body.items[0]!.rounds.flatMap((r) =>
        r.votes.filter((v) => v.vote === 'object'),
      );
      expect(objections).toEqual([
        {
          name: me.politie!.displayName,
          organisation: me.politie!.organisation.name,
          vote: 'object',
          remark: null,
          remarkMasked: { rule: 'art. 10.5' },
        },
      ]);
      const pdf = await fetch(`${server.url}/api/meetings/${meetings.case.id}/record/pdf`, {
        headers: { cookie: users.ggz!.cookie! },
      });
      expect((await pdfTextOf(new Uint8Array(await pdf.arrayBuffer()))).replace(/\s+/g, ' ')).toContain(
        'Bezwaar — toelichting afgeschermd (art. 10.5)',
      );
    }, 120_000);

    it('never writes a canary into a log line', () => {
      expect(logs.length).toBeGreaterThan(0);
      expect(logs.filter((line) => line.includes('CANARY'))).toEqual([]);
    });
  },
);

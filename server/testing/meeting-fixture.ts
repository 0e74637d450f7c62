import { eq } from 'drizzle-orm';
import * as Y from 'yjs';
import type { Database } from '../../db/client';
import { memberships, users } from '../../db/schema/index';
import {
  docName,
  type DecisionView,
  type PartyView,
  type RegisterSignalBody,
  type WeighingOutcome,
} from '../../shared/index';
import type { RequestContext } from '../context';
import type { YjsStore } from '../live/store';
import { loadActor } from '../services/actors';
import { askConsent, castVote, setOutcome } from '../services/consent';
import { covenantView } from '../services/covenant';
import { moveMeeting } from '../services/meeting-transitions';
import { addAgendaItem, scheduleMeeting } from '../services/meetings';
import { freezeMeeting } from '../services/freeze/index';
import { recordWeighingDecision } from '../services/weighing-decisions';
import { readDecision } from '../services/weighing-files';
import { registerSignal } from '../services/weighing-files';
import { newSubjectSignal, weighingDecisionBody } from './harness';
import { CORE_VOTERS } from './weegploeg';

/**
 * Meetings built through the services on a bare database (no HTTP, no sockets), for testing the steps of a
 * meeting one at a time. The database must hold the demo covenant (seedDemo).
 */
export function meetingFixture(db: Database) {
  const ctx = async (username: string): Promise<RequestContext> => {
    const [row] = await db
      .select({ membershipId: memberships.id })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(users.username, username))
      .limit(1);
    const actor = row && (await loadActor(db, row.membershipId));
    if (!actor) throw new Error(`no active membership for ${username}`);
    return { actor, origin: { ip: null, userAgent: null } };
  };

  /** A core party's signal about a new subject (art. 7.2): its weighing file. */
  const newWeighingFile = async (subjectName: string) =>
    (await registerSignal(db, await ctx('politie'), newSubjectSignal(subjectName) as RegisterSignalBody))
      .weighingFileId;

  /**
   * The weegploeg decision, by all three core parties on every criterion (the Ministerial letter on early
   * signalling, 2024). With `meetingId` it is proposed in that meeting; without, a whole weegploeg is held for it
   * (scheduled far ahead, opened, proposed, agreed by the core parties, frozen), since a decision is only taken at a
   * weegploeg's freeze (art. 7.3–7.4).
   */
  const decide = async (
    weighingFileId: string,
    outcome: WeighingOutcome,
    options: { meetingId?: string; involved?: readonly PartyView['organisationType'][] } = {},
  ): Promise<DecisionView> => {
    const executor = await ctx('uitvoerder');
    const covenant = await covenantView(db, executor.actor.covenantId);
    const propose = (meetingId: string) =>
      recordWeighingDecision(
        db,
        executor,
        weighingFileId,
        weighingDecisionBody(covenant, { outcome, ...options, meetingId }),
      );
    if (options.meetingId) return propose(options.meetingId);
    const held = await meeting('weighing', [weighingFileId], '2099-01-05T09:00:00Z');
    await open(held.meetingId);
    const proposed = await propose(held.meetingId);
    await agree(
      held.meetingId,
      held.itemIds[0]!,
      CORE_VOTERS.map((username) => ({ username, vote: 'agree' as const })),
    );
    // No live document was opened: the freeze reads each from its seed.
    const noLiveMeeting = () => Promise.resolve();
    await freezeMeeting(
      {
        db,
        read: () => Promise.resolve(null),
        fenced: noLiveMeeting,
        lifted: noLiveMeeting,
        drain: noLiveMeeting,
      },
      held.meetingId,
      (await ctx('voorzitter')).actor,
    );
    return readDecision(db, weighingFileId, proposed.id);
  };

  /** A scheduled meeting with these files on its agenda, in this order; returns its id and item ids. */
  const meeting = async (
    kind: 'weighing' | 'case',
    files: string[],
    scheduledAt = '2026-12-01T09:00:00Z',
  ): Promise<{ meetingId: string; itemIds: string[] }> => {
    const executor = await ctx('uitvoerder');
    const { id } = await scheduleMeeting(db, executor, {
      kind,
      title: kind === 'weighing' ? 'Weegploeg' : 'Casusoverleg',
      scheduledAt,
    });
    let itemIds: string[] = [];
    for (const file of files) {
      const detail = await addAgendaItem(
        db,
        executor,
        id,
        kind === 'weighing' ? { weighingFileId: file } : { caseFileId: file },
      );
      itemIds = detail.agenda.map((item) => item.id);
    }
    return { meetingId: id, itemIds };
  };

  /** The chair opens the meeting. */
  const open = async (meetingId: string) => {
    if (!(await moveMeeting(db, meetingId, ['scheduled'], 'open'))) throw new Error('not scheduled');
  };

  /** A consent round on a weegploeg item (its proposed decision): the chair asks, these parties vote. */
  const vote = async (
    meetingId: string,
    itemId: string,
    votes: { username: string; vote: 'agree' | 'object'; remark?: string }[],
  ) => {
    const chair = (await ctx('voorzitter')).actor;
    const open = { id: meetingId, kind: 'weighing', state: 'open' };
    await db.transaction((tx) => askConsent(tx, open, itemId, chair, undefined));
    for (const { username, vote, remark } of votes) {
      const voter = (await ctx(username)).actor;
      await db.transaction((tx) => castVote(tx, open, itemId, voter, vote, remark));
    }
  };

  /** A consent round as `vote`, which the chair then records as agreed. */
  const agree = async (
    meetingId: string,
    itemId: string,
    votes: { username: string; vote: 'agree' | 'object'; remark?: string }[],
  ) => {
    await vote(meetingId, itemId, votes);
    const chair = (await ctx('voorzitter')).actor;
    await db.transaction((tx) =>
      setOutcome(tx, { id: meetingId, kind: 'weighing', state: 'open' }, itemId, chair, 'agreed'),
    );
  };

  /** The chair carries an item over to the next meeting. */
  const carryOver = async (meetingId: string, itemId: string) => {
    const chair = (await ctx('voorzitter')).actor;
    await db.transaction((tx) =>
      setOutcome(tx, { id: meetingId, kind: 'weighing', state: 'open' }, itemId, chair, 'carried_over'),
    );
  };

  return { ctx, newWeighingFile, decide, meeting, open, vote, agree, carryOver };
}

/** Texts typed into a compartment's fields, stored the way the live store keeps accepted updates. */
export async function storeTexts(
  store: YjsStore,
  address: { meetingId: string; itemId: string; compartment: 'analysis' | 'plan' | 'conclusions' | 'notes' },
  fields: Record<string, string>,
): Promise<void> {
  const doc = new Y.Doc();
  for (const [field, text] of Object.entries(fields)) doc.getText(field).insert(0, text);
  await store.append(docName(address), Y.encodeStateAsUpdate(doc));
  doc.destroy();
}

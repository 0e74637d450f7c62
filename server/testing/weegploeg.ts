import type { Me, WeighingFileDetail, WeighingOutcome } from '../../shared/index';
import type { RequestContext } from '../context';
import { freezeDepsOf } from '../live/freeze-deps';
import { loadActor } from '../services/actors';
import { openMeeting } from '../services/meeting-control/agenda';
import { closeMeeting } from '../services/meeting-control/close';
import { askForConsent, recordOutcome, voteOnItem } from '../services/meeting-control/consent';
import type { TestServer } from './harness';

/** The three core parties' demo logins: together they take a weegploeg decision (art. 7.3–7.4). */
export const CORE_VOTERS = ['gemeente', 'politie', 'om'] as const;

/** A demo user's request context, as the use cases take it (no socket needed). */
export async function contextOf(server: TestServer, username: string): Promise<RequestContext> {
  const me = (await (await server.login(username)).get<{ me: Me }>('/api/session')).body.me;
  const actor = await loadActor(server.app.db, me.membershipId);
  if (!actor) throw new Error(`no actor for ${username}`);
  return { actor, origin: { ip: '192.0.2.20', userAgent: 'weegploeg test helper' } };
}

/** The core parties agree to the proposal of the item's current round, and the chair records it as agreed. */
export async function agreeAsCoreParties(
  server: TestServer,
  meetingId: string,
  itemId: string,
): Promise<void> {
  for (const user of CORE_VOTERS)
    await voteOnItem(server.app.db, await contextOf(server, user), meetingId, itemId, 'agree');
  await recordOutcome(server.app.db, await contextOf(server, 'voorzitter'), meetingId, itemId, 'agreed');
}

/**
 * A whole weegploeg on one weighing file, through the same use cases the live meeting calls: scheduled, opened,
 * the decision proposed, agreed by the three core parties in the consent round, and frozen, when it takes effect
 * (art. 7.3–7.4, 8.5, 11). Scheduled far ahead, so no casusoverleg comes after it and the new case file lands on no
 * agenda by itself.
 */
export async function decideInWeegploeg(
  server: TestServer,
  weighingFileId: string,
  propose: (meetingId: string) => Promise<{ id: string }>,
): Promise<{ id: string; caseFileId: string | null; meetingId: string; outcome: WeighingOutcome }> {
  const executor = await server.login('uitvoerder');
  const meeting = await executor.post('/api/meetings', {
    kind: 'weighing',
    title: 'Weegploeg',
    scheduledAt: '2099-01-05T09:00:00Z',
  });
  if (meeting.status !== 201) throw new Error(`meeting failed: ${meeting.status} ${meeting.text}`);
  const meetingId = meeting.body.id as string;
  const detail = await executor.post(`/api/meetings/${meetingId}/agenda-items`, { weighingFileId });
  if (detail.status !== 201) throw new Error(`agenda failed: ${detail.status} ${detail.text}`);
  const itemId = detail.body.agenda[0].id as string;
  const chair = await contextOf(server, 'voorzitter');
  await openMeeting(server.app.db, chair, meetingId);
  const proposed = await propose(meetingId);
  await askForConsent(server.app.db, chair, meetingId, itemId, undefined);
  await agreeAsCoreParties(server, meetingId, itemId);
  await closeMeeting(freezeDepsOf(server.app), server.app.events, chair, meetingId);
  const file = (await executor.get<WeighingFileDetail>(`/api/weighing-files/${weighingFileId}`)).body;
  const taken = file.decisions.find((d) => d.id === proposed.id);
  if (taken?.state !== 'taken') throw new Error('the weegploeg decision was not taken at the freeze');
  return { id: taken.id, caseFileId: taken.caseFileId, meetingId, outcome: taken.outcome };
}

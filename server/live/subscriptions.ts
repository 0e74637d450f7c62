import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { CloseCode, parseDocName, type Actor } from '../../shared/index';
import { revocationReach } from '../services/disclosures';
import { admits } from '../services/admissions';
import { loadActor } from '../services/actors';
import { authorizeDocumentShared, type DocGrant } from './authorize-doc';
import type { LivePeer } from './live-doc';

/**
 * What the Yjs endpoint does when the domain changes (server/events/): open document connections follow at once.
 * The socket.io control server subscribes on its own (server/live/control/subscriptions.ts).
 */
export default fp(
  (app: FastifyInstance) => {
    const { registry } = app.live;

    // Documents close with "reconnect": the next upgrade decides under the new authorisation (art. 15).
    const reauthorise = (membershipIds: Set<string>) =>
      registry.closeWhere(
        (_, peer) => membershipIds.has(peer.membershipId),
        CloseCode.Reauthorise,
        'your authorisation changed',
      );
    app.events.subscribe('membership.changed', async ({ membershipId }) => {
      await reauthorise(new Set([membershipId]));
    });

    // After this instance may have missed events of another (Redis pub/sub may lose them; a periodic re-check runs
    // too): every open document connection is decided anew, as its next handshake would be, and closed when that
    // decision differs from the one it was opened under. So a missed revocation, withdrawn admission, revoked
    // disclosure, changed role, cancelled or frozen meeting or removed item acts as if its event had come (art. 15:
    // at once, up to the re-check). Ended sessions: server/live/session-watch.ts.
    app.events.onResync(async () => {
      const open: { name: string; peer: LivePeer }[] = [];
      // A pass that closes nothing, to learn which connections are open.
      await registry.closeWhere(
        (name, peer) => {
          open.push({ name, peer });
          return false;
        },
        CloseCode.Reauthorise,
        '',
      );
      // Decided once per membership and per membership and document in this pass (several tabs share an answer).
      // Each connection closes as soon as it is found stale: a database fault later in the pass (which the bus
      // logs) leaves those already found closed.
      const actors = new Map<string, Promise<Actor | null>>();
      const grants = new Map<string, Promise<DocGrant | null>>();
      for (const { name, peer } of open) {
        const key = `${peer.membershipId}\u0000${name}`;
        let decided = grants.get(key);
        if (!decided) {
          let actor = actors.get(peer.membershipId);
          if (!actor) actors.set(peer.membershipId, (actor = loadActor(app.db, peer.membershipId)));
          decided = actor.then((a) => (a ? authorizeDocumentShared(app.db, a, name) : null));
          grants.set(key, decided);
        }
        const grant = await decided;
        if (grant && !grant.ok) peer.close(grant.code, grant.reason);
        else if (!grant || grant.access !== peer.access)
          peer.close(CloseCode.Reauthorise, 'your authorisation changed');
      }
    });

    // A revoked disclosure: the recipient's open connections to that field of the case close at once (art. 10.5).
    app.events.subscribe('disclosure.changed', async ({ caseFileId, revoked }) => {
      if (!revoked) return;
      const reach = await revocationReach(app.db, caseFileId, revoked.recipientPartyId);
      const members = new Set(reach.membershipIds);
      const items = new Set(reach.itemIds);
      for (const meetingId of reach.meetingIds) {
        await registry.closeMeeting(
          meetingId,
          CloseCode.Forbidden,
          'the disclosure was revoked',
          (name, peer) => {
            const address = parseDocName(name);
            return (
              members.has(peer.membershipId) &&
              address?.itemId != null &&
              items.has(address.itemId) &&
              address.compartment === revoked.compartment
            );
          },
        );
      }
    });

    // Whatever was withdrawn stops now: the participant's open documents of other items are closed.
    app.events.subscribe('admission.changed', async ({ meetingId, membershipId, items }) => {
      await registry.closeMeeting(
        meetingId,
        CloseCode.Forbidden,
        'not admitted to this agenda item',
        (name, peer) => {
          if (peer.membershipId !== membershipId) return false;
          const address = parseDocName(name);
          return address?.itemId != null && !admits(items, address.itemId);
        },
      );
    });

    // The fence (the freeze's first step): every open connection closes and comes back read-only; when the
    // freeze fails they close again, to come back with write access.
    app.events.subscribe('meeting.fenced', async ({ meetingId }) => {
      await registry.closeMeeting(meetingId, CloseCode.Fenced, 'the meeting is being frozen; read only');
    });
    app.events.subscribe('meeting.fence-lifted', async ({ meetingId }) => {
      await registry.closeMeeting(meetingId, CloseCode.Fenced, 'freezing failed; the meeting goes on');
    });

    // The live session is over: remaining (read-only) document connections close for good.
    app.events.subscribe('meeting.frozen', async ({ meetingId }) => {
      await registry.closeMeeting(meetingId, CloseCode.Frozen, 'the meeting is frozen');
    });

    // Called off before it began: nothing more is written or read live (art. 5).
    app.events.subscribe('meeting.cancelled', async ({ meetingId }) => {
      await registry.closeMeeting(meetingId, CloseCode.Forbidden, 'the meeting was cancelled');
    });

    // No copy of destroyed content stays in this instance's memory (art. 13).
    app.events.subscribe('file.destroyed', async ({ documents }) => {
      await registry.discard(documents);
    });
    // Nor of the documents of an item taken off the agenda: they were deleted with it.
    app.events.subscribe('agenda-item.removed', async ({ documents }) => {
      await registry.discard(documents, 'the agenda item was removed');
    });

    // The end of a session ends its live connections, Yjs and socket.io alike (art. 15.2d).
    app.events.subscribe('session.ended', ({ sessionId, reason }) => {
      app.sessionWatch.sessionEnded(sessionId, reason);
    });
  },
  { name: 'live-subscriptions', dependencies: ['events', 'live', 'session-watch'] },
);

import type { Database } from '../../db/client';
import {
  canRectifyRecord,
  effectiveAccess,
  type Admission,
  type Compartment,
  type MeetingRecordView,
  type RecordCompartmentView,
  type RecordItemView,
} from '../../shared/index';
import type { RequestContext } from '../context';
import { notFound } from '../errors';
import { archivedOutOfReach } from './archive-rule';
import { appendAudit, byRequester, type AuditEntry } from './audit';
import { enforceParticipant } from './meetings';
import { enforce } from './authorize';
import { recordIntact } from './records';
import { readsInRecord } from './record-access';
import { readsRemarks, votesFor } from './consent-remarks';
import { openItems, type MinutesPayload } from './record-payload';
import { corrected, latestMinutes, openCorrections } from './rectifications';

/** Rectified fields are texts (server/services/rectifications.ts). */
const textOf = (value: unknown) => (typeof value === 'string' ? value : '');

const PURPOSE = 'inzage in het vastgestelde verslag (convenant art. 7.4, 9, 10.5)';

/**
 * Frozen minutes through the reader's own view: the same masking policy and admissions as in the live meeting
 * (a satellite sees the plan, and what was disclosed to it at the freeze; nothing else). Every view is audited,
 * per subject shown.
 */
export async function readMinutes(
  db: Database,
  ctx: RequestContext,
  meetingId: string,
  options: { includeOriginals?: boolean } = {},
): Promise<MeetingRecordView> {
  await enforceParticipant(db, ctx, meetingId);
  const actor = ctx.actor;
  if (options.includeOriginals)
    await enforce(db, ctx, canRectifyRecord(actor), {
      action: 'read',
      objectType: 'meeting_record',
      objectId: meetingId,
      fieldGroup: 'original',
      purpose: PURPOSE,
    });
  const record = await latestMinutes(db, meetingId);
  if (!record) throw notFound('Frozen record of this meeting');
  if (record.payload === null) throw notFound('Record (destroyed at the end of its retention period)');
  const payload = record.payload as MinutesPayload;
  const hash = record.hash;
  const { rows: rectifications, corrections } = await openCorrections(db, record.id);
  // The record and every correction of it must still match their hashes.
  const verified = recordIntact(record) && rectifications.every(recordIntact);

  const organiser = actor.role === 'chair' || actor.role === 'executor';
  const own = payload.participants.find((p) => p.membershipId === actor.membershipId);
  const admission: Admission = organiser ? 'all' : (own?.items ?? []);
  const names = new Map(payload.participants.map((p) => [p.membershipId, p]));
  // The policy in force when the meeting was frozen, so the minutes read the same however the policy changes later.
  const policy = payload.policy;
  const kind = payload.meeting.kind;
  const audit: AuditEntry[] = [];

  const opened = await openItems(db, payload);
  const archived = await archivedOutOfReach(
    db,
    actor,
    opened.flatMap((i) => (i.content ? [i.content] : [])),
  );
  const items = opened.map((sealedItem): RecordItemView => {
    const admitted = admission === 'all' || admission.includes(sealedItem.itemId);
    const item = sealedItem.content;
    const inArchive = item !== null && archived(item);
    if (inArchive && admitted)
      audit.push(
        byRequester(ctx, {
          action: 'read',
          objectType: 'meeting_record',
          objectId: record.id,
          subjectId: sealedItem.subjectId,
          result: 'denied',
          rule: 'art. 13.2',
          purpose: PURPOSE,
        }),
      );
    if (!admitted || item === null || inArchive)
      return {
        itemId: sealedItem.itemId,
        position: sealedItem.position,
        admitted,
        // The file's key was destroyed at the end of the retention period: nothing of it can be shown (art. 13).
        destroyed: item === null,
        archived: inArchive,
        subjectReference: null,
        attendance: [],
        compartments: [],
        outcome: null,
        rounds: [],
        decision: null,
        effects: [],
      };
    const compartments: RecordCompartmentView[] = [];
    // Whether or not anyone typed conclusions, the policy says who may read them (and the decision with them).
    const conclusions = effectiveAccess(policy, actor, {
      meetingKind: kind,
      compartment: 'conclusions',
    }).access;
    const readsConclusions = conclusions === 'read' || conclusions === 'write';
    const remarks = readsRemarks({ meetingKind: kind, policy }, actor, item.disclosures);
    for (const [compartment, stored] of Object.entries(item.compartments) as [
      Compartment,
      { content: Record<string, unknown> },
    ][]) {
      const { reads, disclosed, verdict } = readsInRecord(policy, actor, kind, compartment, item.disclosures);
      if (reads) {
        // Corrections (art. 12) replace the original text for every reader; a later one of a field wins.
        const own = corrections.filter(
          (c) => c.itemId === sealedItem.itemId && c.content.compartment === compartment,
        );
        const content = corrected(stored.content, own, sealedItem.itemId, compartment);
        compartments.push({
          compartment,
          access: 'read',
          content,
          disclosed,
          ...(own.length > 0
            ? {
                rectifications: own.map((c) => ({
                  recordId: c.row.id,
                  hash: c.row.hash,
                  field: c.content.field,
                  reason: c.content.reason,
                  rectifiedAt: c.row.createdAt.toISOString(),
                  ...(options.includeOriginals ? { original: textOf(stored.content[c.content.field]) } : {}),
                })),
              }
            : {}),
        });
      } else if (verdict.access === 'masked')
        compartments.push({ compartment, access: 'masked', label: verdict.label, rule: verdict.rule });
    }
    audit.push(
      byRequester(ctx, {
        action: 'read',
        objectType: 'meeting_record',
        objectId: record.id,
        subjectId: sealedItem.subjectId,
        fieldGroup:
          compartments
            .filter((c) => c.access === 'read')
            .map((c) => c.compartment)
            .join(',') || null,
        result: 'allowed',
        // The weegploeg file is for the core parties (art. 8.4); the case file for the parties involved (art. 10.4).
        rule: options.includeOriginals ? 'art. 12' : kind === 'weighing' ? 'art. 8.4' : 'art. 10.4',
        purpose: PURPOSE,
      }),
    );
    return {
      itemId: sealedItem.itemId,
      position: sealedItem.position,
      admitted: true,
      destroyed: false,
      archived: false,
      subjectReference: item.subjectReference,
      attendance: item.attendance.flatMap((a) => {
        const p = names.get(a.membershipId);
        return p ? [{ name: p.name, organisation: p.organisation }] : [];
      }),
      compartments,
      outcome: item.consent.outcome,
      rounds: item.consent.rounds.map((r) => ({
        round: r.round,
        proposal: r.proposal,
        agreed: item.consent.agreedRound === r.round,
        // Remarks as in the live meeting: for readers of the conclusions, by the policy and disclosures at the freeze.
        votes: votesFor(r.votes, actor, remarks).flatMap((v) => {
          const p = names.get(v.membershipId);
          return p
            ? [
                {
                  name: p.name,
                  organisation: p.organisation,
                  vote: v.vote,
                  remark: v.remark,
                  ...(v.remarkMasked ? { remarkMasked: v.remarkMasked } : {}),
                },
              ]
            : [];
        }),
      })),
      // The decision's grounds and findings are the weegploeg's conclusions: only for those who may read them.
      decision: readsConclusions ? item.decision : null,
      effects: item.effects,
    };
  });
  await appendAudit(db, audit);
  return {
    recordId: record.id,
    meetingId,
    kind,
    title: payload.meeting.title,
    scheduledAt: payload.meeting.scheduledAt,
    frozenAt: payload.meeting.frozenAt,
    hash,
    verified,
    parties: payload.parties,
    items,
  };
}

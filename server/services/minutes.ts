import type { Database } from '../../db/client';
import {
  canRectifyRecord,
  effectiveAccess,
  type Admission,
  type Compartment,
  type ConsentProposal,
  type ConsentVote,
  type ControlParticipant,
  type DecisionView,
  type FileEffect,
  type ItemOutcome,
  type MaskingPolicy,
  type MeetingKind,
  type MeetingRecordView,
  type RecordCompartmentView,
} from '../../shared/index';
import type { RequestContext } from '../context';
import { notFound } from '../errors';
import { appendAudit, type AuditEntry } from './audit';
import { maskingPolicyOf } from './masking';
import { enforceParticipant } from './meetings';
import { enforce } from './authorize';
import { recordIntact } from './records';
import { latestMinutes, rectificationsOf, type RectificationPayload } from './rectifications';

/** The record's payload as the freeze wrote it (server/live/freeze.ts). */
interface MinutesPayload {
  meeting: { id: string; kind: MeetingKind; title: string; scheduledAt: string; frozenAt: string };
  participants: ControlParticipant[];
  agenda: { content: Record<string, unknown> } | null;
  items: {
    itemId: string;
    position: number;
    subjectId: string;
    subjectReference: string;
    attendance: { membershipId: string }[];
    compartments: Partial<Record<Compartment, { content: Record<string, unknown> }>>;
    disclosures: { compartment: string; recipientPartyId: string; state: string }[];
    /** Since version 2: the consent round, the agreed decision and the effects on the files. */
    consent?: {
      outcome: ItemOutcome;
      agreedRound: number | null;
      rounds: {
        round: number;
        proposal: ConsentProposal;
        votes: { membershipId: string; vote: ConsentVote; remark: string | null }[];
      }[];
    };
    decision?: DecisionView | null;
    effects?: FileEffect[];
  }[];
  /** Since version 2: the masking policy in force at the freeze. */
  policy?: MaskingPolicy;
}

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
  const rectifications = await rectificationsOf(db, record.id);
  // The record and every correction of it must still match their hashes.
  const verified = recordIntact(record) && rectifications.every(recordIntact);
  const corrections = rectifications.flatMap((r) =>
    r.payload === null ? [] : [{ row: r, payload: r.payload as RectificationPayload }],
  );

  const organiser = actor.role === 'chair' || actor.role === 'executor';
  const own = payload.participants.find((p) => p.membershipId === actor.membershipId);
  const admission: Admission = organiser ? 'all' : (own?.items ?? []);
  const names = new Map(payload.participants.map((p) => [p.membershipId, p]));
  // The policy in force when the meeting was frozen, so the minutes read the same however the policy changes later.
  const policy = payload.policy ?? (await maskingPolicyOf(db, actor.covenantId));
  const kind = payload.meeting.kind;
  const audit: AuditEntry[] = [];

  const items = payload.items.map((item) => {
    if (admission !== 'all' && !admission.includes(item.itemId))
      return {
        itemId: item.itemId,
        position: item.position,
        admitted: false,
        subjectReference: null,
        attendance: [],
        compartments: [],
        outcome: null,
        rounds: [],
        decision: null,
        effects: [],
      };
    const compartments: RecordCompartmentView[] = [];
    for (const [compartment, stored] of Object.entries(item.compartments) as [
      Compartment,
      { content: Record<string, unknown> },
    ][]) {
      const verdict = effectiveAccess(policy, actor, { meetingKind: kind, compartment });
      const disclosed =
        actor.partyKind === 'external' &&
        item.disclosures.some(
          (d) =>
            d.compartment === compartment && d.recipientPartyId === actor.partyId && d.state === 'active',
        );
      if (verdict.access === 'read' || verdict.access === 'write' || disclosed) {
        // Corrections (art. 12) replace the original text for every reader; a later one of a field wins.
        const own = corrections.filter(
          (c) => c.payload.itemId === item.itemId && c.payload.compartment === compartment,
        );
        const content = { ...stored.content };
        for (const c of own) content[c.payload.field] = c.payload.correction;
        compartments.push({
          compartment,
          access: 'read',
          content,
          disclosed: disclosed && verdict.access !== 'read' && verdict.access !== 'write',
          ...(own.length > 0
            ? {
                rectifications: own.map((c) => ({
                  recordId: c.row.id,
                  hash: c.row.hash,
                  field: c.payload.field,
                  reason: c.payload.reason,
                  rectifiedAt: c.row.createdAt.toISOString(),
                  ...(options.includeOriginals ? { original: textOf(stored.content[c.payload.field]) } : {}),
                })),
              }
            : {}),
        });
      } else if (verdict.access === 'masked')
        compartments.push({ compartment, access: 'masked', label: verdict.label, rule: verdict.rule });
    }
    audit.push({
      actor,
      origin: ctx.origin,
      action: 'read',
      objectType: 'meeting_record',
      objectId: record.id,
      subjectId: item.subjectId,
      fieldGroup:
        compartments
          .filter((c) => c.access === 'read')
          .map((c) => c.compartment)
          .join(',') || null,
      result: 'allowed',
      // The weegploeg file is for the core parties (art. 8.4); the case file for the parties involved (art. 10.4).
      rule: options.includeOriginals ? 'art. 12' : kind === 'weighing' ? 'art. 8.4' : 'art. 10.4',
      purpose: PURPOSE,
    });
    return {
      itemId: item.itemId,
      position: item.position,
      admitted: true,
      subjectReference: item.subjectReference,
      attendance: item.attendance.flatMap((a) => {
        const p = names.get(a.membershipId);
        return p ? [{ name: p.name, organisation: p.organisation }] : [];
      }),
      compartments,
      outcome: item.consent?.outcome ?? null,
      rounds: (item.consent?.rounds ?? []).map((r) => ({
        round: r.round,
        proposal: r.proposal,
        agreed: item.consent?.agreedRound === r.round,
        votes: r.votes.flatMap((v) => {
          const p = names.get(v.membershipId);
          return p ? [{ name: p.name, organisation: p.organisation, vote: v.vote, remark: v.remark }] : [];
        }),
      })),
      // The decision's grounds and findings are the weegploeg's conclusions: only for those who may read them.
      decision: compartments.some((c) => c.compartment === 'conclusions' && c.access === 'read')
        ? (item.decision ?? null)
        : null,
      effects: item.effects ?? [],
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
    items,
  };
}

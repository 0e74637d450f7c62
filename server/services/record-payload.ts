import type { Executor } from '../../db/client';
import type {
  Compartment,
  ConsentProposal,
  ConsentVote,
  ControlParticipant,
  DecisionView,
  FileEffect,
  ItemOutcome,
  MaskingPolicy,
  MeetingKind,
} from '../../shared/index';
import { unseal, type Sealed } from './sealing';

/** What a frozen record holds about one agenda item: personal content, sealed with the file's key. */
export interface ItemContent {
  subjectReference: string;
  weighingFileId: string | null;
  caseFileId: string | null;
  attendance: { membershipId: string; firstSeenAt: string }[];
  /** Every compartment as readable content and as its Yjs state (base64), so it can be reopened read-only. */
  compartments: Partial<Record<Compartment, { content: Record<string, unknown>; state: string }>>;
  consent: {
    outcome: ItemOutcome;
    agreedRound: number | null;
    decidedByMembershipId: string;
    decidedAt: string;
    rounds: {
      round: number;
      proposal: ConsentProposal;
      askedByMembershipId: string;
      askedAt: string;
      votes: { membershipId: string; vote: ConsentVote; remark: string | null; votedAt: string }[];
    }[];
  };
  decision: DecisionView | null;
  disclosures: {
    id: string;
    compartment: string;
    recipientPartyId: string;
    necessity: string;
    dataKind: string;
    state: string;
    proposedAt: string;
    revokedAt: string | null;
  }[];
  effects: FileEffect[];
}

/**
 * The payload of a minutes record (version 3). Meeting metadata, participants and policy are in the clear; each
 * item's content is sealed with the key of the file it discussed, so destroying that key (art. 13) erases it from the record
 * without touching the record's bytes or the chain.
 */
export interface MinutesPayload {
  version: 3;
  meeting: { id: string; kind: MeetingKind; title: string; scheduledAt: string; frozenAt: string };
  participants: ControlParticipant[];
  /** The covenant's parties with their names at the freeze. */
  parties: { partyId: string; name: string }[];
  /** The masking policy in force at the freeze: the minutes are read through it, also after it changes. */
  policy: MaskingPolicy;
  /** The agenda document (order, minutes and status per item; no personal data). */
  agenda: { content: Record<string, unknown>; state: string } | null;
  items: { itemId: string; position: number; subjectId: string; sealed: Sealed }[];
}

/** A rectification record's payload (art. 12): the correction, sealed with the key of the file like the item it corrects. */
export interface RectificationPayload {
  version: 1;
  rectifies: { recordId: string; hash: string };
  itemId: string;
  subjectId: string;
  sealed: Sealed;
}

export interface RectificationContent {
  compartment: string;
  field: string;
  correction: string;
  reason: string;
}

/** The record's items with their content opened; `content` is null where the file's key was destroyed. */
export async function openItems(db: Executor, payload: MinutesPayload) {
  const items = [];
  for (const item of payload.items)
    items.push({ ...item, content: await unseal<ItemContent>(db, item.sealed) });
  return items;
}

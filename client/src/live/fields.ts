import type * as Y from 'yjs';
import type { CompartmentVerdict } from '../../../shared/api/policy';
import type { Compartment } from '../../../shared/live/compartments';
import type { MeetingControlState } from '../../../shared/live/control';
import { canWrite, type AccessLevel } from '../../../shared/domain/masking';
import type { MeetingKind } from '../../../shared/domain/meetings';
import { CloseCode } from '../../../shared/live/protocol';
import type { DocumentStatus } from './connection-status';
import type { FieldPresence } from './useFieldPresence';

/** A compartment of an agenda item that the live screen shows (or shows to be masked). */
export type ItemCompartment = Extract<
  Compartment,
  'identity' | 'signals' | 'analysis' | 'plan' | 'network' | 'conclusions' | 'notes'
>;

/**
 * What is worked on live per kind of meeting: a weegploeg analyses against the referentiekader and concludes
 * (art. 7.3–7.4); a casusoverleg shows the case file's NAW, signals and network (art. 10.2), analyses and draws up
 * the integral plan of approach (art. 9, 10.2e). The chair keeps notes on every item (art. 5). Each compartment is
 * a document of its own.
 */
export const ITEM_COMPARTMENTS_BY_KIND: Record<MeetingKind, readonly ItemCompartment[]> = {
  weighing: ['identity', 'signals', 'analysis', 'conclusions', 'notes'],
  case: ['identity', 'signals', 'analysis', 'plan', 'network', 'notes'],
};

/**
 * Whether the live field of a compartment takes typing: exactly when the server grants writing on its document
 * (`canWrite`, the rule "Wie ziet wat" shows too), so the field, the table and the server never disagree.
 */
export function writableLive(access: ItemAccess): boolean {
  return canWrite(access.access);
}

/** An open disclosure as the meeting state carries it (art. 10.5). */
export type StateDisclosure = MeetingControlState['disclosures'][number];

/** What the user gets of one compartment of one agenda item, and why. */
export interface ItemAccess {
  compartment: Compartment;
  access: AccessLevel;
  /** The convenant article the verdict rests on (shown with a masked compartment). */
  rule: string;
  /** The category a masked compartment is shown under ("Afgeschermd — persoonsgegevens"), if the policy names one. */
  label: string | null;
  /** Read because the parties consented to disclose it to the user's organisation (art. 10.5). */
  disclosed: boolean;
}

/** The rule a compartment falls under when the policy says nothing about it: what is not granted, is hidden. */
const UNGRANTED_RULE = 'art. 10.4';

/**
 * What the user gets of a compartment on an agenda item: the meeting policy's verdict for the user (`mine` from
 * `GET /api/meetings/:id/policy`), raised to `read` while a disclosure of that item's compartment to the user's
 * party is in effect. The server decides again on every connection; this keeps the screen from asking for what
 * it would refuse, and lets it say why a compartment is masked.
 */
export function itemAccess(input: {
  mine: readonly CompartmentVerdict[];
  disclosures: readonly StateDisclosure[] | undefined;
  itemId: string | null;
  partyId: string | null;
  compartment: Compartment;
}): ItemAccess {
  const { mine, disclosures, itemId, partyId, compartment } = input;
  const verdict = mine.find((v) => v.compartment === compartment);
  const base: ItemAccess = verdict
    ? { compartment, access: verdict.access, rule: verdict.rule, label: verdict.label, disclosed: false }
    : { compartment, access: 'hidden', rule: UNGRANTED_RULE, label: null, disclosed: false };
  if (canOpen(base.access) || itemId === null || partyId === null) return base;
  const disclosed = (disclosures ?? []).some(
    (d) =>
      d.state === 'active' &&
      d.itemId === itemId &&
      d.compartment === compartment &&
      d.recipientPartyId === partyId,
  );
  return disclosed ? { ...base, access: 'read', disclosed: true } : base;
}

/** Read and write open the compartment's document; masked and hidden never do (not one byte is asked for). */
export function canOpen(access: AccessLevel): boolean {
  return access === 'read' || access === 'write';
}

/**
 * A compartment as the item panel shows it: what the user gets of it and, when that is read or write, its open
 * document (null for masked and hidden ones, which are never opened).
 */
export interface OpenCompartment {
  compartment: ItemCompartment;
  access: ItemAccess;
  doc: Y.Doc | null;
  status: DocumentStatus;
  writable: boolean;
  presence: FieldPresence;
}

export type CompartmentNote =
  | 'stopped'
  | 'stoppedUnloaded'
  | 'loggedOut'
  | 'tooManyConnections'
  | 'noAccess'
  | 'loading'
  | 'readOnly'
  | 'disclosed'
  | 'hint';

export interface CompartmentState {
  /** The user can change it now (their access, the meeting open, the server's content arrived). */
  editable: boolean;
  /** Which note the screen shows about it (`live.fields.<note>`). */
  note: CompartmentNote;
}

/**
 * Whether a compartment can be edited now, and why not. Editable only once the server's content has arrived (else
 * a first keystroke would land before it); a document the server closed for good while the meeting is still on
 * means no access to it.
 */
export function compartmentState(input: {
  status: DocumentStatus;
  writable: boolean;
  stopped: boolean;
  hasDoc: boolean;
  /** Readable only through a disclosure to the user's organisation (art. 10.5). */
  disclosed?: boolean;
}): CompartmentState {
  const { status, writable, stopped, hasDoc, disclosed = false } = input;
  const refused = !stopped && status.ended !== null;
  const editable = writable && !stopped && !refused && status.loaded && hasDoc;
  let note: CompartmentNote;
  // Closed before this screen had the text: it stays empty here, the frozen record has it.
  if (stopped) note = status.loaded ? 'stopped' : 'stoppedUnloaded';
  else if (status.ended?.code === CloseCode.NotAuthenticated) note = 'loggedOut';
  // Not a matter of rights: the account has too many windows open at once (connection caps).
  else if (status.ended?.code === CloseCode.TooManyConnections) note = 'tooManyConnections';
  else if (refused) note = 'noAccess';
  else if (!status.loaded) note = 'loading';
  else if (!writable) note = disclosed ? 'disclosed' : 'readOnly';
  else note = 'hint';
  return { editable, note };
}

/** A top-level Y.Text of a live document, or null (no document yet, or the name is taken by another type). */
export function liveText(doc: Y.Doc | null, name: string): Y.Text | null {
  if (!doc) return null;
  try {
    return doc.getText(name);
  } catch {
    return null;
  }
}

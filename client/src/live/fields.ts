import type * as Y from 'yjs';
import type { Me } from '../../../shared/api/session';
import {
  defaultCompartmentAccess,
  type Compartment,
  type CompartmentAccess,
} from '../../../shared/live/compartments';
import type { MeetingKind } from '../../../shared/domain/meetings';
import { CloseCode } from '../../../shared/live/protocol';
import type { DocumentStatus } from './connection-status';
import type { FieldPresence } from './useFieldPresence';

/** A compartment of an agenda item that the live screen shows and edits. */
export type ItemCompartment = Extract<Compartment, 'analysis' | 'plan' | 'conclusions' | 'notes'>;

/**
 * What is worked on live per kind of meeting: a weegploeg analyses against the referentiekader and concludes
 * (art. 7.3–7.4); a casusoverleg analyses and draws up the integral plan of approach (art. 9, 10.2e). The chair
 * keeps notes on every item (art. 5). Each compartment is a document of its own.
 */
export const ITEM_COMPARTMENTS_BY_KIND: Record<MeetingKind, readonly ItemCompartment[]> = {
  weighing: ['analysis', 'conclusions', 'notes'],
  case: ['analysis', 'plan', 'notes'],
};

/**
 * What the server will allow this user in a compartment (read-only fields get read-only controls; compartments
 * without access are not opened at all). The server decides again on every connection and write: this only
 * keeps the screen from offering what would be refused.
 */
export function compartmentAccess(me: Me, kind: MeetingKind, compartment: Compartment): CompartmentAccess {
  return defaultCompartmentAccess({ role: me.role, partyKind: me.party?.kind ?? null }, kind, compartment);
}

/** A compartment with its open document, as the item panel shows it. */
export interface OpenCompartment {
  compartment: ItemCompartment;
  doc: Y.Doc | null;
  status: DocumentStatus;
  writable: boolean;
  presence: FieldPresence;
}

export type CompartmentNote = 'stopped' | 'loggedOut' | 'noAccess' | 'loading' | 'readOnly' | 'hint';

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
}): CompartmentState {
  const { status, writable, stopped, hasDoc } = input;
  const refused = !stopped && status.ended !== null;
  const editable = writable && !stopped && !refused && status.loaded && hasDoc;
  let note: CompartmentNote;
  if (stopped) note = 'stopped';
  else if (status.ended?.code === CloseCode.NotAuthenticated) note = 'loggedOut';
  else if (refused) note = 'noAccess';
  else if (!status.loaded) note = 'loading';
  else if (!writable) note = 'readOnly';
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

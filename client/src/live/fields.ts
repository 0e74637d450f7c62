import type * as Y from 'yjs';
import type { Me } from '../../../shared/api/session';
import {
  defaultCompartmentAccess,
  type Compartment,
  type CompartmentAccess,
} from '../../../shared/live/compartments';
import type { MeetingKind } from '../../../shared/domain/meetings';
import type { DocumentStatus } from './connection-status';

/** A compartment of an agenda item that the live screen edits as one text. */
export type LiveField = Extract<Compartment, 'analysis' | 'plan' | 'conclusions'>;

/**
 * The texts worked on live per kind of meeting: a weegploeg analyses against the referentiekader and concludes
 * (art. 7.3–7.4); a casusoverleg analyses and draws up the integral plan of approach (art. 9, 10.2e). Each is a
 * Y.Text named after its compartment, in that compartment's document.
 */
export const LIVE_FIELDS: Record<MeetingKind, readonly LiveField[]> = {
  weighing: ['analysis', 'conclusions'],
  case: ['analysis', 'plan'],
};

/**
 * What the server will allow this user in a compartment (read-only fields get a read-only textarea; fields
 * without access are not opened at all). The server decides again on every connection and write: this only
 * keeps the screen from offering what would be refused.
 */
export function fieldAccess(me: Me, kind: MeetingKind, compartment: LiveField): CompartmentAccess {
  return defaultCompartmentAccess({ role: me.role, partyKind: me.party?.kind ?? null }, kind, compartment);
}

/** A field with its open document, as the live screen shows it. */
export interface OpenField {
  field: LiveField;
  doc: Y.Doc | null;
  status: DocumentStatus;
  writable: boolean;
}

/**
 * The one connection indicator of the live meeting screen, from the states of the socket.io control connection
 * and the Yjs document connections. Pure: unit-tested in connection-status.test.ts.
 */

export type LinkState = 'connecting' | 'connected' | 'disconnected';

export interface DocumentStatus {
  connection: LinkState;
  /** The first sync with the server has completed on the current connection. */
  synced: boolean;
  /** The document has synced at least once: its text is the server's, edits may start. */
  loaded: boolean;
  /** Local changes made while not connected and synced: not yet handed to the server. */
  unsent: boolean;
  /** The server ended the connection for good (close code 4400–4499), e.g. 4403 when the meeting closed. */
  ended: { code: number; reason: string } | null;
}

export type ConnectionKind = 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'ended';

export interface ConnectionSummary {
  kind: ConnectionKind;
  /** Local changes wait for the connection to return (they are kept and sent then). */
  unsent: boolean;
  /** Local changes could not be sent before the server ended the connection for good. */
  lost: boolean;
}

export interface ConnectionInput {
  /** navigator.onLine: false means the device has no network at all. */
  online: boolean;
  control: LinkState;
  /** The control connection has been up at least once (so "connecting" becomes "reconnecting"). */
  everConnected: boolean;
  /** The live session is over (meeting closed): no connection is expected any more. */
  sessionEnded: boolean;
  documents: readonly DocumentStatus[];
  /** Documents of earlier agenda items still hold edits made offline (they are being sent). */
  retiringUnsent?: boolean;
  /** What decides which documents to open (the meeting's masking policy) is still loading. */
  pending?: boolean;
}

export function summarizeConnection(input: ConnectionInput): ConnectionSummary {
  const unsent = input.retiringUnsent === true || input.documents.some((d) => d.unsent && d.ended === null);
  const lost = input.documents.some((d) => d.unsent && d.ended !== null);
  if (input.sessionEnded) return { kind: 'ended', unsent: false, lost };
  if (!input.online) return { kind: 'offline', unsent, lost };
  // A document the server refused for good (no access to a compartment) is not a connection problem.
  const active = input.documents.filter((d) => d.ended === null);
  const up = input.control === 'connected' && active.every((d) => d.connection === 'connected' && d.synced);
  // Connected, but the documents to open are not known yet: still getting there, not a lost connection.
  if (up && input.pending === true) return { kind: 'connecting', unsent, lost };
  if (up) return { kind: 'connected', unsent, lost };
  return { kind: input.everConnected ? 'reconnecting' : 'connecting', unsent, lost };
}

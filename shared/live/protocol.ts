/**
 * The live wire protocol. Yjs documents speak the y-websocket protocol (y-protocols sync and awareness) on
 * YJS_PATH/<document name>, so the stock `y-websocket` WebsocketProvider connects unchanged. See
 * docs/live-protocol.md.
 */
export const LIVE_PROTOCOL_VERSION = 2;

/** Base URL path of the Yjs endpoint; the document name follows, e.g. /api/live/yjs/meeting/<id>/agenda. */
export const YJS_PATH = '/api/live/yjs';

/** y-websocket message types (first varuint of every frame). */
export const YjsMessage = { Sync: 0, Awareness: 1, Auth: 2, QueryAwareness: 3 } as const;

/**
 * Close codes. 4400–4499 mean "do not reconnect" to the stock y-websocket client (the decision will not change
 * by retrying); 4500–4599 mean "try again later".
 */
export const CloseCode = {
  /**
   * A frame that is not a valid y-websocket message, or awareness for another client's id; or a document name
   * that is malformed (bad percent-encoding, control characters) or longer than LIVE_LIMITS.docNameChars.
   */
  BadMessage: 4400,
  /** No live session: log in first. */
  NotAuthenticated: 4401,
  /** Not a participant of this meeting, or no access to this compartment. */
  Forbidden: 4403,
  /** No such meeting, agenda item or compartment. */
  UnknownDocument: 4404,
  /** The Host or Origin is not one of this server's origins (DNS rebinding, cross-site WebSocket hijacking). */
  OriginRefused: 4405,
  /**
   * The meeting is frozen into its record: nothing more is taken. A client that edited while offline compares its
   * document with the record to show what was not taken.
   */
  Frozen: 4409,
  /** A frame larger than LIVE_LIMITS.frameBytes. */
  MessageTooLarge: 4413,
  /**
   * Too many live connections open (or opening) for this user or from this address (LIVE_LIMITS.connectionsPerUser,
   * connectionsPerAddress): close another tab or window first. Not retried automatically, so a reconnecting client
   * cannot turn a storm into a loop.
   */
  TooManyConnections: 4429,
  /**
   * The server could not store an update, or could not reach its database to admit the connection; reconnect to
   * resynchronise (nothing acknowledged is lost).
   */
  StorageFailed: 4500,
  /** The user's authorisation changed (role, capacity, membership): reconnect to be authorised anew. */
  Reauthorise: 4501,
  /** The meeting is being frozen into its record: reconnect, read only (or refused once it is closed). */
  Fenced: 4502,
  /** The server is shutting down; reconnect to another instance or later. */
  ShuttingDown: 4503,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

export const LIVE_LIMITS = {
  /** Longest document name (as sent, percent-encoded) taken on the Yjs endpoint; real ones are ~130. */
  docNameChars: 256,
  /** Largest frame accepted on the Yjs endpoint. */
  frameBytes: 512 * 1024,
  /** A document with no connections is unloaded from memory after this long. */
  idleUnloadMs: 30_000,
  /** Append-log entries after which a document is compacted into a snapshot. */
  compactAfterUpdates: 500,
  /**
   * Live connections (Yjs documents and socket.io control together, handshakes in progress included) one membership
   * may hold at once. A participant with a few tabs open holds one control socket and a document per field per
   * tab. Server setting LIVE_MAX_CONNECTIONS_PER_USER.
   */
  connectionsPerUser: 64,
  /**
   * The same per client address (an organisation behind one NAT counts once). Server setting
   * LIVE_MAX_CONNECTIONS_PER_ADDRESS.
   */
  connectionsPerAddress: 512,
  /**
   * Handshakes (session, authorisation, audit) that talk to the database at once; the rest wait their turn, so a
   * connection storm does not queue thousands of queries ahead of a running meeting's writes.
   */
  concurrentHandshakes: 4,
} as const;

/**
 * Size limits of the wire contract. The server enforces them through the request schemas (a request over a
 * limit gets a 400 that names the field); the client uses the same numbers for `maxlength`.
 */
export const LIMITS = {
  /** Whole request body, bytes. */
  bodyBytes: 64 * 1024,
  /** Nesting of arrays and objects in a JSON body (or socket.io payload); the contract's deepest is far less. */
  jsonDepth: 32,
  username: 64,
  password: 256,
  /** A new password's minimum length: length, not composition rules, is what makes it strong (NCSC, NIST SP 800-63B). */
  passwordMinLength: 12,
  shortText: 200,
  contact: 200,
  /** A signal's description, a decision's grounds, a finding's grounds. */
  longText: 8000,
  meetingTitle: 200,
  criteriaPerFramework: 50,
  findingsPerDecision: 50,
  partiesPerDecision: 20,
  agendaItemsPerMeeting: 50,
} as const;

import type {
  AuthorisationList,
  AuthorisationView,
  ChangeAuthorisationBody,
  GrantAuthorisationBody,
} from '../../../shared/api/authorisations';
import { MEMBERSHIP_ROLES, type MembershipRole } from '../../../shared/domain/roles';
import { LIMITS } from '../../../shared/limits';
import type { Message } from '../minutes/format';

/**
 * Authorisations (art. 15.2c) on screen: the list per organisation, what a step in the history says, and what the
 * forms check before they ask the server (which checks the same again). Texts are message descriptors
 * (minutes/format.ts); instants are formatted by the caller, in the reader's language.
 */

type Organisation = AuthorisationList['organisations'][number];
type HistoryEntry = AuthorisationView['history'][number];

export interface OrganisationGroup {
  organisation: Organisation;
  authorisations: AuthorisationView[];
}

const byName = (a: string, b: string) => a.localeCompare(b, 'nl');

/**
 * Every organisation of the covenant with its authorisations: organisations by name, within each the active
 * authorisations first (by name), then the revoked ones. An organisation without any is listed too (one can be
 * granted there); one that only appears on an authorisation is not lost.
 */
export function groupByOrganisation(list: AuthorisationList): OrganisationGroup[] {
  const groups = new Map<string, OrganisationGroup>();
  for (const organisation of list.organisations)
    groups.set(organisation.id, { organisation, authorisations: [] });
  for (const authorisation of list.authorisations) {
    const group = groups.get(authorisation.organisation.id) ?? {
      organisation: authorisation.organisation,
      authorisations: [],
    };
    group.authorisations.push(authorisation);
    groups.set(authorisation.organisation.id, group);
  }
  const order = (a: AuthorisationView, b: AuthorisationView) =>
    Number(a.revokedAt !== null) - Number(b.revokedAt !== null) || byName(a.displayName, b.displayName);
  return [...groups.values()]
    .map((group) => ({ ...group, authorisations: [...group.authorisations].sort(order) }))
    .sort((a, b) => byName(a.organisation.name, b.organisation.name));
}

/** The list with one authorisation replaced (changed, revoked) or added (granted). */
export function withAuthorisation(list: AuthorisationList, changed: AuthorisationView): AuthorisationList {
  const known = list.authorisations.some((a) => a.membershipId === changed.membershipId);
  return {
    ...list,
    authorisations: known
      ? list.authorisations.map((a) => (a.membershipId === changed.membershipId ? changed : a))
      : [...list.authorisations, changed],
  };
}

/**
 * Nobody changes or revokes their own authorisation (another administrator does: four eyes, no lock-out), and a
 * revoked one is final (grant a new one). The server refuses both with a 409; the screen does not offer them.
 */
export function mayChange(authorisation: AuthorisationView, ownMembershipId: string | undefined): boolean {
  return authorisation.revokedAt === null && authorisation.membershipId !== ownMembershipId;
}

const isRole = (value: string): value is MembershipRole =>
  (MEMBERSHIP_ROLES as readonly string[]).includes(value);

/** A role as the history stored it; an unknown value is shown as it is. */
function roleMessage(role: string): Message {
  return isRole(role) ? { key: `roles.${role}` } : { text: role };
}

/** One step of an authorisation's history: "Verleend als lid (wijkagent)", "Gewijzigd naar …", "Ingetrokken". */
export function historyMessage(entry: HistoryEntry): Message {
  if (entry.change === 'revoked') return { key: 'authorisations.history.revoked' };
  return {
    key: `authorisations.history.${entry.change}`,
    params: { role: roleMessage(entry.role), capacity: entry.capacity },
  };
}

/** Who took the step: an administrator, or nobody (set up with the covenant, as the demo logins are). */
export function historyByMessage(entry: HistoryEntry, formatInstant: (instant: string) => string): Message {
  const when = formatInstant(entry.at);
  return entry.by
    ? { key: 'authorisations.history.by', params: { name: entry.by, when } }
    : { key: 'authorisations.history.bySystem', params: { when } };
}

// ---------- granting (art. 15.2c) ----------

/** The server's pattern for a username (shared/api/authorisations.ts). */
export const USERNAME_PATTERN = /^[a-z0-9._-]+$/;
export const USERNAME_LENGTH = { min: 3, max: 64 } as const;

export interface GrantDraft {
  username: string;
  displayName: string;
  organisationId: string;
  role: MembershipRole | '';
  capacity: string;
}

export type GrantProblems = Partial<Record<keyof GrantDraft, string>>;

/** Usernames are lower case: what the user types is trimmed and lowered before it is checked and sent. */
export const normaliseUsername = (value: string): string => value.trim().toLowerCase();

function textProblem(value: string, required: string, tooLong: string): string | undefined {
  const text = value.trim();
  if (text === '') return required;
  if (text.length > LIMITS.shortText) return tooLong;
  return undefined;
}

export function grantProblems(draft: GrantDraft): GrantProblems {
  const problems: GrantProblems = {};
  const username = normaliseUsername(draft.username);
  if (username === '') problems.username = 'authorisations.grant.usernameRequired';
  else if (
    !USERNAME_PATTERN.test(username) ||
    username.length < USERNAME_LENGTH.min ||
    username.length > USERNAME_LENGTH.max
  )
    problems.username = 'authorisations.grant.usernameInvalid';
  const name = textProblem(draft.displayName, 'authorisations.grant.nameRequired', 'authorisations.tooLong');
  if (name) problems.displayName = name;
  if (draft.organisationId === '') problems.organisationId = 'authorisations.grant.organisationRequired';
  if (draft.role === '') problems.role = 'authorisations.grant.roleRequired';
  const capacity = textProblem(draft.capacity, 'authorisations.capacityRequired', 'authorisations.tooLong');
  if (capacity) problems.capacity = capacity;
  return problems;
}

export function toGrantBody(draft: GrantDraft): GrantAuthorisationBody {
  if (draft.role === '') throw new Error('an authorisation needs a role');
  return {
    username: normaliseUsername(draft.username),
    displayName: draft.displayName.trim(),
    organisationId: draft.organisationId,
    role: draft.role,
    capacity: draft.capacity.trim(),
  };
}

// ---------- changing (art. 15.2c) ----------

export interface ChangeDraft {
  role: MembershipRole;
  capacity: string;
}

export type ChangeProblems = Partial<Record<keyof ChangeDraft | 'form', string>>;

export const changeDraftOf = (authorisation: AuthorisationView): ChangeDraft => ({
  role: authorisation.role,
  capacity: authorisation.capacity,
});

/** The capacity is required; a change must change something. */
export function changeProblems(draft: ChangeDraft, current: AuthorisationView): ChangeProblems {
  const problems: ChangeProblems = {};
  const capacity = textProblem(draft.capacity, 'authorisations.capacityRequired', 'authorisations.tooLong');
  if (capacity) problems.capacity = capacity;
  else if (draft.role === current.role && draft.capacity.trim() === current.capacity)
    problems.form = 'authorisations.change.unchanged';
  return problems;
}

/** Only what changed is sent. */
export function toChangeBody(draft: ChangeDraft, current: AuthorisationView): ChangeAuthorisationBody {
  const body: ChangeAuthorisationBody = {};
  if (draft.role !== current.role) body.role = draft.role;
  if (draft.capacity.trim() !== current.capacity) body.capacity = draft.capacity.trim();
  return body;
}

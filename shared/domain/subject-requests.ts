import type { AccessDecision } from './access';
import { addDays } from './dates';
import type { Actor } from './roles';

/**
 * Requests of a subject (art. 12): access (inzage), correction, deletion, objection. The subject (or a legal
 * representative) addresses the executor (art. 12.1); after the identity is established, the request is answered
 * as soon as possible and within 4 weeks of receipt (art. 12.3, 12.5; a covenant policy value).
 */
export const REQUEST_KINDS = ['access', 'correction', 'deletion', 'objection'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

export const REQUESTERS = ['subject', 'representative'] as const;
export type Requester = (typeof REQUESTERS)[number];

/** Decisions: granted (in full or in part) or refused with a reasoned ground of art. 43 Wbp (art. 12.4). */
export const REQUEST_DECISIONS = ['granted', 'partly_granted', 'refused'] as const;
export type RequestDecision = (typeof REQUEST_DECISIONS)[number];

export type RequestStatus = 'open' | 'due_soon' | 'overdue' | 'decided';

/** The last day to answer: received + the covenant's weeks (art. 12.3: "uiterlijk binnen 4 weken na ontvangst"). */
export const requestDeadline = (receivedOn: string, weeks: number): string => addDays(receivedOn, weeks * 7);

export function requestStatus(
  request: { decision: RequestDecision | null; deadline: string },
  today: string,
): RequestStatus {
  if (request.decision) return 'decided';
  if (today > request.deadline) return 'overdue';
  return addDays(today, 7) >= request.deadline ? 'due_soon' : 'open';
}

/** Art. 3: why the data are processed, for the overview the subject receives (art. 12.3). */
export const PROCESSING_PURPOSES_NL = [
  'Het verminderen van de risico’s voor de samenleving die uitgaan van radicalisering, extremisme, uitreizen of terugkeer, en het bieden van zorg (convenant art. 3).',
  'Het verminderen van de risico’s voor de ontwikkeling van minderjarigen door radicalisering, extremisme, uitreizen of terugkeer (convenant art. 3).',
  'Daartoe wegen de kernpartijen signalen in de weegploeg (art. 7) en stellen de betrokken partijen in het casusoverleg een integraal plan van aanpak op (art. 9).',
] as const;

/** Art. 12.1: requests go to the executor, who handles them for the controller. */
export function canHandleSubjectRequests(actor: Actor): AccessDecision {
  if (actor.role === 'executor')
    return { allowed: true, rule: 'art. 12.1', reason: 'the executor handles requests of subjects' };
  return { allowed: false, rule: 'art. 12.1', reason: 'only the executor handles requests of subjects' };
}

/** Art. 12.6: a granted correction, deletion or objection is carried out within 4 weeks of the decision. */
export function executionOf(
  request: { kind: RequestKind; decision: RequestDecision | null; decidedOn: string | null },
  weeks: number,
): { deadline: string } | null {
  if (request.kind === 'access' || !request.decidedOn) return null;
  if (request.decision !== 'granted' && request.decision !== 'partly_granted') return null;
  return { deadline: addDays(request.decidedOn, weeks * 7) };
}

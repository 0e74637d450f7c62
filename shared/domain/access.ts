import type { Actor } from './roles';

/**
 * Access decisions of the convenant, as pure functions. Each decision carries the article it rests on so the
 * refusal (a 403), the audit log and the UI can all say *why*.
 */
export interface AccessDecision {
  allowed: boolean;
  /** Convenant article, e.g. "art. 8.4". */
  rule: string;
  /** Short English explanation for logs and API messages (never personal data). */
  reason: string;
}

const allow = (rule: string, reason: string): AccessDecision => ({ allowed: true, rule, reason });
const deny = (rule: string, reason: string): AccessDecision => ({ allowed: false, rule, reason });

/**
 * Art. 8.4: "zijn gegevens uit het digitaal bestand uitsluitend toegankelijk voor kernpartijen en slechts voor
 * zover dit noodzakelijk is voor het doel van de weegploeg." The executor keeps that file "in naam van de
 * verantwoordelijke" (art. 1l, art. 5), i.e. on behalf of the core parties together (art. 4).
 */
export function canReadWeighingFile(actor: Actor): AccessDecision {
  if (actor.role === 'executor')
    return allow('art. 5', 'the executor keeps the weighing file for the core parties');
  if (actor.partyKind === 'core') return allow('art. 8.4', 'core parties may consult the weighing file');
  return deny('art. 8.4', 'only core parties may consult the weighing file');
}

/**
 * Art. 7.1–7.2: signals reach the weegploeg only through a core party's representative; the executor records
 * them in the file (art. 8.1), naming the core party that brought them.
 */
export function canRegisterSignal(actor: Actor): AccessDecision {
  if (actor.role === 'executor')
    return allow('art. 8.1', 'the executor records signals brought by a core party');
  if (actor.partyKind === 'core') return allow('art. 7.2', 'a core party brings signals to the weegploeg');
  return deny('art. 7.1', 'signals reach the weegploeg only through one of the core parties');
}

/** Art. 5: the executor prepares the meetings; the chair runs them. */
export function canPrepareMeetings(actor: Actor): AccessDecision {
  if (actor.role === 'executor' || actor.role === 'chair') {
    return allow('art. 5', 'the executor and the chair prepare meetings');
  }
  return deny('art. 5', 'only the executor or the chair prepares meetings');
}

/**
 * Art. 7.3–7.4 and 8.2(d,e): the weegploeg's analysis and decision are proposed in the weegploeg meeting by the
 * executor, the chair or a core party, and taken by the three core parties together in the consent round (the
 * Ministerial letter on early signalling, 2024).
 */
export function canRecordWeighingDecision(actor: Actor): AccessDecision {
  // Recording means reading the file's analysis: whoever records must also be allowed to see it (art. 8.4).
  const read = canReadWeighingFile(actor);
  if (!read.allowed) return read;
  if (actor.role === 'executor' || actor.role === 'chair') {
    return allow('art. 8.2', 'the executor or the chair proposes the weegploeg decision in the meeting');
  }
  // Art. 7.3: the core parties analyse and decide in the weegploeg; one of them may draft the proposal there.
  if (actor.role === 'member' && actor.partyKind === 'core') {
    return allow('art. 7.3', 'a core party proposes the weegploeg decision in the meeting');
  }
  return deny('art. 7.3', 'only the chair, the executor or a core party proposes the weegploeg decision');
}

/** Art. 5: the executor maintains the information system, including the reference framework (annex 3). */
export function canEditReferenceFramework(actor: Actor): AccessDecision {
  if (actor.role === 'executor') return allow('art. 5', 'the executor maintains the reference framework');
  return deny('art. 5', 'only the executor maintains the reference framework');
}

/**
 * Art. 10.4: "Partijen hebben toegang tot de gegevens uit het digitale bestand, voor zover dit noodzakelijk is
 * voor het doel van het casusoverleg." Core parties (together the controller, art. 4) and the executor consult
 * case files; a case party only those of cases it is involved in (art. 9.1). External partners see only the plan
 * of approach and what was disclosed to them (art. 10.5) — a later, masked view — so here they are refused.
 */
export function mayConsultCaseFiles(actor: Actor): AccessDecision {
  if (actor.role === 'executor') return allow('art. 10.1', 'the executor keeps the case files');
  if (actor.partyKind === 'core' || actor.partyKind === 'case') {
    return allow('art. 10.4', 'parties may consult case files as needed for the casusoverleg');
  }
  return deny('art. 10.5', 'external partners see only the plan of approach and what was disclosed to them');
}

/** Art. 9.1, 10.4: one case file, given the parties involved in that case. */
export function canReadCaseFile(actor: Actor, involvedPartyIds: readonly string[]): AccessDecision {
  const general = mayConsultCaseFiles(actor);
  if (!general.allowed || actor.partyKind !== 'case') return general;
  if (actor.partyId && involvedPartyIds.includes(actor.partyId)) {
    return allow('art. 10.4', 'your party is involved in this case');
  }
  return deny('art. 9.1', 'your party is not involved in this case');
}

/**
 * May the chair admit this participant to this agenda item? A weegploeg consists of the core parties (art. 1m,
 * 7.3). A casusoverleg takes in "de partijen en externe casuspartners die voor de casus nodig zijn" (art. 9.1):
 * core parties always, case parties and external partners only to items of cases they are involved in (art. 9.1,
 * 10.5). Organisers are admitted to every item and cannot be restricted.
 */
export function canAdmitToItem(
  participant: Pick<Actor, 'role' | 'partyKind' | 'partyId'>,
  item: { kind: 'weighing' } | { kind: 'case'; involvedPartyIds: readonly string[] },
): AccessDecision {
  if (participant.role === 'executor' || participant.role === 'chair')
    return allow('art. 5', 'organisers take part in every item');
  if (participant.partyKind === 'core') return allow('art. 1m', 'core parties take part in every item');
  if (item.kind === 'weighing') return deny('art. 1m', 'a weegploeg consists of the core parties only');
  if (participant.partyId && item.involvedPartyIds.includes(participant.partyId))
    return allow('art. 9.1', 'the party is involved in this case');
  return deny('art. 9.1', 'the party is not involved in this case');
}

/**
 * Art. 12: a subject's request for correction is decided by the controller; the executor, who keeps the files in
 * its name (art. 5), carries out a correction as a rectification of the frozen record — never an edit of it.
 */
export function canRectifyRecord(actor: Actor): AccessDecision {
  if (actor.role === 'executor') return allow('art. 12', 'the executor carries out corrections (art. 5, 12)');
  return deny('art. 12', 'only the executor carries out a correction of the minutes');
}

/**
 * Art. 13.2: a file in the non-active archive "is slechts nog raadpleegbaar door de kernpartijen". Only members of
 * core parties consult it; putting it to use again is for the controller to order (art. 13.4).
 */
export function canConsultArchive(actor: Actor): AccessDecision {
  if (actor.partyKind === 'core' && actor.role === 'member')
    return allow('art. 13.2', 'core parties consult the non-active archive');
  return deny('art. 13.2', 'this file is in the non-active archive; only the core parties consult it');
}

/** Art. 13, 5: the executor keeps the files for the controller and sees what retention will do next. */
export function canViewRetention(actor: Actor): AccessDecision {
  if (actor.role === 'executor') return allow('art. 13', 'the executor keeps the files and their retention');
  return deny('art. 13', 'only the executor sees the retention overview');
}

/**
 * Art. 13 and 15.2e: retention steps that wait for a meeting which never took place are shown to the executor,
 * who withdraws the meeting or the item, and to the officer, who reviews the processing.
 */
export function canSeePostponements(actor: Actor): AccessDecision {
  if (actor.role === 'executor' || actor.role === 'officer')
    return allow('art. 13', 'the executor and the officer see retention that waits for a meeting');
  return deny('art. 13', 'only the executor and the officer see postponed retention');
}

/**
 * Art. 5 and 15.1: the executor maintains the information system and protects the data against loss, so sees the
 * live updates that were set aside because they could not be applied.
 */
export function canReviewSetAsideUpdates(actor: Actor): AccessDecision {
  if (actor.role === 'executor') return allow('art. 15.1', 'the executor maintains the information system');
  return deny('art. 15.1', 'only the executor sees the live updates that were set aside');
}

/** Art. 15.2c: granting, changing and revoking authorisations is the administrator's, for the controller. */
export function canManageAuthorisations(actor: Actor): AccessDecision {
  if (actor.role === 'admin') return allow('art. 15.2c', 'the administrator manages authorisations');
  return deny('art. 15.2c', 'only the administrator grants, changes and revokes authorisations');
}

/** Art. 15.2e, 15.2g: the controller's officer reviews the access log and keeps the incident register. */
export function canReviewAccess(actor: Actor): AccessDecision {
  if (actor.role === 'officer') return allow('art. 15.2e', "the controller's officer reviews access");
  return deny('art. 15.2e', "only the controller's officer reviews the access log and the incidents");
}

/**
 * Art. 13.4: archived data may, on the controller's order, be made available to the weegploeg again for renewed
 * processing. The executor carries out that order (art. 5) and records it.
 */
export function canRestoreFromArchive(actor: Actor): AccessDecision {
  if (actor.role === 'executor') return allow('art. 13.4', 'the executor carries out the controller’s order');
  return deny('art. 13.4', 'only the executor, on the controller’s order, restores a file from the archive');
}

/**
 * Art. 12.6: the controller "doet hiervan een kennisgeving aan partijen". The notices are addressed to the parties
 * that took part (members, satellites, the chair and the executor read their own party's); the executor, who
 * sends them, sees which party acknowledged.
 */
export function canReadPartyNotices(actor: Actor, scope: 'own' | 'sent'): AccessDecision {
  if (scope === 'sent')
    return actor.role === 'executor'
      ? allow('art. 12.6', 'the executor sees which parties were told')
      : deny('art. 12.6', 'only the executor sees the notices sent to every party');
  if (['member', 'satellite', 'chair', 'executor'].includes(actor.role))
    return allow('art. 12.6', "a party's members read the notices to their party");
  return deny('art. 12.6', 'notices are addressed to the parties that took part');
}

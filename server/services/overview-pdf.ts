import {
  FINDING_NAMES,
  WEIGHING_OUTCOME_NAMES,
  formatInstantDate,
  nameOf,
  type DecisionState,
  type SubjectOverview,
} from '../../shared/index';
import { contentBlocks } from './pdf-content';
import { FONT, GREY, renderPdf, type PdfReader } from './pdf-document';

const WAYS_NL: Record<string, string> = {
  meeting: 'aanwezig bij de bespreking',
  disclosure: 'gegevens verstrekt (art. 10.5)',
  consulted: 'gegevens ingezien',
};

const STATUS_NL: Record<string, string> = {
  open: 'open',
  agendaed: 'geagendeerd voor het casusoverleg',
  not_substantial: WEIGHING_OUTCOME_NAMES.nl.not_substantial.toLowerCase(),
  closed: 'afgesloten',
};
/** What became of a decision (art. 7.3–7.4): only one the weegploeg took changed anything. */
const STATE_NL: Record<DecisionState, string> = {
  proposed: 'voorstel, nog niet genomen',
  taken: 'genomen in de weegploeg',
  lapsed: 'vervallen voorstel, heeft niets veranderd',
  outside_meeting: 'vastgelegd buiten een overleg',
};

/** A day as every screen shows it; the overview is written in Dutch, for the subject (art. 12.3). */
const dutchDate = (iso: string | null) => (iso ? formatInstantDate(iso, 'nl') : '—');

/**
 * The overview for an access request (art. 12.3) as a PDF: in an intelligible form, what is processed on the
 * subject, why, who received it and where it came from. Written for the subject; the footer names the executor
 * who produced it and the request.
 */
export function renderOverviewPdf(overview: SubjectOverview, reader: PdfReader, at: Date) {
  const setting = {
    language: 'nl' as const,
    title: 'Overzicht bij een verzoek om inzage',
    // Named by the subject's reference, as the executor files it: no internal id reaches the subject.
    reference: `inzageverzoek ${overview.subjectReference}`,
  };
  return renderPdf(reader, at, setting, (w) => {
    w.text('Casustafel — overzicht bij een verzoek om inzage (art. 12 convenant)', {
      font: FONT.bold,
      size: 9,
      color: GREY,
    });
    w.heading(`Overzicht van verwerkte persoonsgegevens — ${overview.subjectReference}`, 1, {
      size: 16,
      before: 0,
    });
    w.text(`Opgesteld op ${w.time(overview.generatedAt)} (Nederlandse tijd).`, { gap: 6 });
    w.text(
      'Gegevens over anderen dan u (zoals de melder van een signaal en personen in uw sociale netwerk) zijn niet opgenomen (art. 43e Wbp).',
      { font: FONT.italic, size: 8.5, color: GREY, gap: 4 },
    );

    w.heading('Waarom wij deze gegevens verwerken', 2);
    for (const purpose of overview.purposes) w.text(`• ${purpose}`, { depth: 1, gap: 2 });

    w.heading('Bestand van de weegploeg', 2);
    const weighing = overview.weighingFile;
    if (!weighing) w.text('Er is geen (niet-vernietigd) weegploegbestand over u.', { depth: 1 });
    else {
      w.blocks(contentBlocks({ ...weighing.subject }, w.naming), 1);
      w.text(
        `Status: ${STATUS_NL[weighing.status] ?? weighing.status}${weighing.archived ? ' (niet-actief archief, art. 13.2)' : ''}; geopend op ${dutchDate(weighing.openedAt)}`,
        { depth: 1, gap: 2 },
      );
      for (const s of weighing.signals)
        w.text(`Signaal van ${dutchDate(s.observedOn)}, ingebracht door ${s.broughtBy}: ${s.description}`, {
          depth: 1,
          gap: 2,
        });
      for (const d of weighing.decisions) {
        w.text(
          `Besluit van ${dutchDate(d.decidedAt)} (${STATE_NL[d.state]}): ${nameOf(WEIGHING_OUTCOME_NAMES.nl, d.outcome)}. Motivering: ${d.grounds}`,
          {
            depth: 1,
            gap: 1,
          },
        );
        for (const f of d.findings)
          w.text(
            `${f.criterion}: ${nameOf(FINDING_NAMES.nl, f.finding).toLowerCase()}${f.grounds ? ` — ${f.grounds}` : ''}`,
            { depth: 2, gap: 1 },
          );
      }
    }

    w.heading('Bestand van het casusoverleg', 2);
    const caseFile = overview.caseFile;
    if (!caseFile) w.text('Er is geen (niet-vernietigd) casusoverlegbestand over u.', { depth: 1 });
    else {
      w.blocks(contentBlocks({ ...caseFile.subject }, w.naming), 1);
      w.text(
        `Status: ${STATUS_NL[caseFile.status] ?? caseFile.status}${caseFile.archived ? ' (niet-actief archief, art. 13.2)' : ''}; aangemaakt op ${dutchDate(caseFile.createdAt)}`,
        { depth: 1, gap: 2 },
      );
      w.text(`Analyse: ${caseFile.analysis || '—'}`, { depth: 1, gap: 2 });
      for (const s of caseFile.signals)
        w.text(`Signaal van ${dutchDate(s.observedOn)}, ingebracht door ${s.broughtBy}: ${s.description}`, {
          depth: 1,
          gap: 2,
        });
      w.text(`Betrokken partijen: ${caseFile.involvedParties.join(', ') || '—'}`, { depth: 1, gap: 2 });
      if (caseFile.nextReviewOn)
        w.text(`Volgende evaluatie: ${dutchDate(caseFile.nextReviewOn)}`, { depth: 1, gap: 2 });
    }

    w.heading('Vastgestelde verslagen van overleggen over u', 2);
    if (overview.records.length === 0) w.text('Geen.', { depth: 1 });
    for (const record of overview.records) {
      w.text(
        `${w.words.kinds[record.meetingKind] ?? record.meetingKind} “${record.meetingTitle}”, vastgesteld op ${dutchDate(record.frozenAt)}`,
        { font: FONT.bold, depth: 1, gap: 2 },
      );
      for (const c of record.compartments) {
        w.text(w.words.compartments[c.compartment] ?? c.compartment, {
          font: FONT.bold,
          size: 8.5,
          color: GREY,
          depth: 2,
        });
        w.blocks(contentBlocks(c.content, w.naming), 2);
      }
    }

    w.heading('Wie uw gegevens hebben ontvangen of ingezien', 2);
    if (overview.recipients.length === 0) w.text('Niemand.', { depth: 1 });
    for (const r of overview.recipients)
      w.text(
        `${r.organisation}: ${r.ways.map((way) => WAYS_NL[way] ?? way).join(', ')} (van ${dutchDate(r.first)} tot ${dutchDate(r.last)})`,
        { depth: 1, gap: 2 },
      );

    w.heading('Waar de gegevens vandaan komen', 2);
    if (overview.origins.length === 0) w.text('—', { depth: 1 });
    for (const o of overview.origins)
      w.text(`${o.party}: ${o.signals} signaal/signalen`, { depth: 1, gap: 2 });
  });
}

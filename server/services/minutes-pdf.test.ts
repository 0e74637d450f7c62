import { describe, expect, it } from 'vitest';
import type { MeetingRecordView } from '../../shared/index';
import { pdfInfo, pdfPages, pdfStreams, pdfTags, pdfText } from '../testing/pdf-text';
import { renderMinutesPdf } from './minutes-pdf';
import { winAnsi } from './pdf-document';

const HASH = 'c0ffee'.repeat(10) + 'abcd';
const READER = { name: 'Gé Ëlmer 🙂', organisation: 'GGZ Voorbeeld', capacity: 'behandelaar' };
const AT = new Date('2026-12-03T08:05:00Z');
const LONG = Array.from({ length: 2500 }, (_, i) => `woord${i}`).join(' ') + ' EINDELANGETEKST';

/**
 * Built by hand, and through `unknown`: the view grows (consent, outcome, rectification), and fields the renderer
 * does not know must still print, never break it.
 */
function view(overrides: Record<string, unknown> = {}): MeetingRecordView {
  return {
    recordId: '00000000-0000-4000-8000-000000000001',
    meetingId: '00000000-0000-4000-8000-000000000002',
    kind: 'case',
    title: 'Casusoverleg 🎄 december',
    scheduledAt: '2026-12-02T09:00:00Z',
    frozenAt: '2026-12-02T11:30:00.000Z',
    hash: HASH,
    verified: true,
    items: [
      {
        itemId: '00000000-0000-4000-8000-000000000003',
        position: 1,
        admitted: true,
        subjectReference: 'PGA-2026-0001',
        attendance: [
          { name: 'Dirk Visser', organisation: 'Politie Eenheid Voorbeeld' },
          { name: 'Zoë “Zo” O’Brien\u0007', organisation: 'GGZ Voorbeeld' },
        ],
        compartments: [
          {
            compartment: 'analysis',
            access: 'read',
            disclosed: true,
            content: {
              analysis: `Analyse ë — 😀 met\u0000 besturingstekens\tén ő, 漢字 en e\u0301 ${LONG}`,
              'criterion/c1': '',
              [`lang-woord`]: 'x'.repeat(3000),
            },
          },
          {
            compartment: 'plan',
            access: 'read',
            disclosed: false,
            content: {
              goal: 'Stabiliseren',
              measures: [
                {
                  id: '00000000-0000-4000-8000-000000000009',
                  description: 'Gesprek met de GGZ',
                  ownerPartyId: null,
                  dueDate: '2026-12-31',
                  status: 'in_progress',
                },
                'een losse tekst',
                42,
              ],
            },
          },
          {
            compartment: 'identity',
            access: 'masked',
            label: 'Afgeschermd — persoonsgegevens',
            rule: 'art. 10.5',
          },
          { compartment: 'signals', access: 'masked', label: null, rule: 'art. 10.5' },
        ],
        outcome: 'agreed',
        rounds: [
          {
            round: 1,
            agreed: true,
            proposal: { kind: 'case', advice: 'close' },
            votes: [{ name: 'Dirk Visser', organisation: 'Politie', vote: 'agree', remark: null }],
          },
        ],
        somethingNew: { nested: { deeper: [true, false, null] } },
      },
      {
        itemId: '00000000-0000-4000-8000-000000000004',
        position: 2,
        admitted: false,
        subjectReference: null,
        attendance: [],
        compartments: [],
      },
    ],
    ...overrides,
  } as unknown as MeetingRecordView;
}

const flat = (text: string) => text.replace(/\s+/g, ' ');

describe('renderMinutesPdf', () => {
  it('prints the view over several pages with footer and watermark on every page', async () => {
    const pdf = await renderMinutesPdf(view(), READER, AT);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages = await pdfPages(pdf);
    expect(pages.length).toBeGreaterThanOrEqual(3);

    const footer = `Opgevraagd door Gé Ëlmer ? (GGZ Voorbeeld, behandelaar) op do 3 dec 2026, 09:05 — record ${HASH}`;
    pages.forEach((page, index) => {
      expect(flat(page)).toContain(footer);
      expect(flat(page)).toContain('VERTROUWELIJK — Gé Ëlmer ?');
      expect(flat(page)).toContain(`Pagina ${index + 1} van ${pages.length}`);
    });

    const text = flat(pages.join('\n'));
    expect(text).toContain('Casusoverleg ? december');
    expect(text).toContain('Soort overleg: Casusoverleg');
    expect(text).toContain('Gepland: wo 2 dec 2026, 10:00');
    expect(text).toContain('Vastgesteld: wo 2 dec 2026, 12:30');
    expect(text).toContain(`Record-hash ${HASH} — integriteit gecontroleerd`);
    expect(text).toContain('Agendapunt 1: PGA-2026-0001');
    expect(text).toContain('Dirk Visser (Politie Eenheid Voorbeeld)');
    expect(text).toContain('Zoë “Zo” O’Brien (GGZ Voorbeeld)');
    // Odd characters: WinAnsi kept, the rest replaced or dropped, nothing lost around them.
    expect(text).toContain('Analyse ë — ? met besturingstekens én o, ?? en é woord0');
    expect(text).toContain('EINDELANGETEKST');
    expect(text).not.toMatch(/\p{Cc}|\p{Cs}|[\u{10000}-\u{10ffff}]/u);
    expect(text).toContain('Met instemming van de partijen aan uw organisatie verstrekt');
    // Plan measures as indented lines.
    expect(text).toContain('Doel van de aanpak Stabiliseren');
    expect(text).toContain('Maatregel 1');
    expect(text).toContain('Omschrijving: Gesprek met de GGZ');
    expect(text).toContain('Uitvoerende partij: —');
    expect(text).toContain('Uiterlijk gereed op: 31 december 2026');
    expect(text).toContain('Status: In uitvoering');
    expect(text).toContain('Maatregel 2 een losse tekst');
    expect(text).toContain('Maatregel 3 42');
    // Masked: that it exists and why, never what.
    expect(text).toContain('Afgeschermd — persoonsgegevens (art. 10.5)');
    expect(text).toContain('Afgeschermd — Signalen (art. 10.5)');
    // Fields the renderer does not know yet are printed generically.
    expect(text).toContain('Uitkomst: Vastgesteld');
    expect(text).toContain('Dirk Visser (Politie): Akkoord');
    expect(text).toContain('somethingNew');
    expect(text).toContain('deeper:');
    // Not admitted: a placeholder only.
    expect(text).toContain('Agendapunt 2: niet toegankelijk voor u');
  });

  it('warns loudly when the integrity check failed', async () => {
    const text = flat(
      (await pdfPages(await renderMinutesPdf(view({ verified: false }), READER, AT))).join(' '),
    );
    expect(text).toContain('WAARSCHUWING: de integriteit van dit verslag is NIET bevestigd');
    expect(text).toContain(HASH);
    expect(text).not.toContain('integriteit gecontroleerd');
  });

  it('keeps personal data out of the metadata and gives the same bytes for the same input', async () => {
    const pdf = await renderMinutesPdf(view(), READER, AT);
    const info = await pdfInfo(pdf);
    expect(info.Title).toBe('Vastgesteld verslag — Casusoverleg van 2 december 2026');
    // Not the reader, the subject or the meeting's own title (which may name someone): only the kind and the day.
    expect(JSON.stringify(info)).not.toMatch(/Ëlmer|PGA-2026|december 🎄|Casusoverleg .. december/);
    expect((await renderMinutesPdf(view(), READER, AT)).equals(pdf)).toBe(true);
  });

  it('prints an objection with its remark, or says the remark is masked for this reader and why', async () => {
    const item = view().items[0]!;
    const objections = view({
      items: [
        {
          ...item,
          rounds: [
            {
              round: 1,
              agreed: false,
              proposal: { kind: 'case', advice: 'close' },
              votes: [
                {
                  name: 'Dirk Visser',
                  organisation: 'Politie',
                  vote: 'object',
                  remark: null,
                  remarkMasked: { rule: 'art. 10.5' },
                },
                {
                  name: 'Ria de Wit',
                  organisation: 'Gemeente',
                  vote: 'object',
                  remark: 'Eerst het wijkteam horen',
                },
              ],
            },
          ],
        },
      ],
    });
    const text = flat((await pdfPages(await renderMinutesPdf(objections, READER, AT))).join(' '));
    expect(text).toContain('Dirk Visser (Politie): Bezwaar — toelichting afgeschermd (art. 10.5)');
    expect(text).toContain('Ria de Wit (Gemeente): Bezwaar — Eerst het wijkteam horen');
  });

  it('prints a view without items, and any odd item, without throwing', async () => {
    const odd = view({
      items: [
        {
          position: 7,
          admitted: true,
          subjectReference: null,
          compartments: [{ compartment: 'x', access: 'other' }],
        },
        { position: 8, admitted: true, attendance: [null, {}], compartments: [] },
      ],
    });
    const text = flat((await pdfPages(await renderMinutesPdf(odd, READER, AT))).join(' '));
    expect(text).toContain('Agendapunt 7: —');
    expect(text).toContain('Niet weer te geven.');
    expect(text).toContain('Agendapunt 8: —');
    const empty = flat((await pdfPages(await renderMinutesPdf(view({ items: [] }), READER, AT))).join(' '));
    expect(empty).toContain('Geen agendapunten.');
  });
});

describe('helpers', () => {
  it('reduces text to WinAnsi', () => {
    expect(winAnsi('a😀b')).toBe('a?b');
    expect(winAnsi('e\u0301 ő ë — € “x”')).toBe('é o ë — € “x”');
    expect(winAnsi('a\u0000b\u200dc\td\r\ne\ufe0f')).toBe('abc d\ne');
    expect(winAnsi('\ud800')).toBe('?');
  });
});

describe('in the reader language, with names, tagged', () => {
  const CRITERION = '640886dd-1111-4000-8000-000000000001';
  const PARTY = '6937e84c-2222-4000-8000-000000000002';
  const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
  const named = view({
    parties: [{ partyId: PARTY, name: 'GGZ Voorbeeld' }],
    items: [
      {
        itemId: '00000000-0000-4000-8000-000000000003',
        position: 1,
        admitted: true,
        subjectReference: 'PGA-2026-0001',
        attendance: [{ name: 'Dirk Visser', organisation: 'Politie' }],
        compartments: [
          {
            compartment: 'analysis',
            access: 'read',
            content: { [`criterion/${CRITERION}`]: 'Uitingen gezien' },
          },
          {
            compartment: 'plan',
            access: 'read',
            content: {
              measures: [{ id: PARTY, description: 'Gesprek', ownerPartyId: PARTY, status: 'planned' }],
            },
          },
          {
            compartment: 'identity',
            access: 'masked',
            label: 'Afgeschermd — persoonsgegevens',
            rule: 'art. 10.5',
          },
        ],
        outcome: 'agreed',
        rounds: [
          {
            round: 1,
            agreed: true,
            proposal: { kind: 'weighing', outcome: 'not_substantial' },
            votes: [{ name: 'Dirk Visser', organisation: 'Politie', vote: 'object', remark: null }],
          },
        ],
      },
    ],
  });
  const options = (language: 'nl' | 'en') => ({
    language,
    criteria: new Map([[CRITERION, 'G1 Ideologische uitingen']]),
  });

  it('speaks Dutch by default and English when asked, with the same names as the screens, and no id', async () => {
    const dutch = flat(await pdfText(await renderMinutesPdf(named, READER, AT, options('nl'))));
    expect(dutch).toContain('Criterium G1 Ideologische uitingen Uitingen gezien');
    expect(dutch).toContain('Uitvoerende partij: GGZ Voorbeeld');
    expect(dutch).toContain('Signalen onvoldoende substantieel (art. 7.4)');
    expect(dutch).toContain('Dirk Visser (Politie): Bezwaar');
    expect(dutch).not.toMatch(UUID);
    expect(dutch).not.toContain('Kenmerk');

    const english = flat(await pdfText(await renderMinutesPdf(named, READER, AT, options('en'))));
    expect(english).toContain('Casustafel — adopted minutes');
    expect(english).toContain('Scheduled: Wed, 2 Dec 2026, 10:00 (Dutch time)');
    expect(english).toContain('Criterion G1 Ideologische uitingen Uitingen gezien');
    expect(english).toContain('Carried out by: GGZ Voorbeeld');
    expect(english).toContain('Status: Planned');
    expect(english).toContain('Masked — personal data (art. 10.5)');
    expect(english).toContain('Outcome: Agreed');
    expect(english).toContain('Consent round 1 (agreed): Signals not substantial enough (art. 7.4)');
    expect(english).toContain('Dirk Visser (Politie): Objection');
    expect(english).toContain('Requested by Gé Ëlmer ? (GGZ Voorbeeld, therapist) on Thu, 3 Dec 2026, 09:05');
    expect(english).toContain('CONFIDENTIAL — Gé Ëlmer ?');
    expect(english).not.toMatch(UUID);
    expect(english).not.toMatch(/Afgeschermd|Uitkomst|Gepland|Agendapunt/);
  });

  it('is a tagged PDF: language, title shown, headings and paragraphs in reading order, footer outside it', async () => {
    for (const language of ['nl', 'en'] as const) {
      const pdf = await renderMinutesPdf(named, READER, AT, options(language));
      const tags = await pdfTags(pdf);
      expect(tags.marked).toBe(true);
      expect(tags.language).toBe(language === 'nl' ? 'nl-NL' : 'en-GB');
      expect(tags.displayTitle).toBe(true);
      expect(tags.title).toBe(
        language === 'nl'
          ? 'Vastgesteld verslag — Casusoverleg van 2 december 2026'
          : 'Adopted minutes — Casusoverleg (case meeting) of 2 December 2026',
      );
      const roles = tags.roles.flat();
      // One title, then an agenda item, then its parts: the outline a screen reader offers to jump through.
      expect(roles.filter((role) => role === 'H1')).toHaveLength(1);
      expect(roles.indexOf('H1')).toBeLessThan(roles.indexOf('H2'));
      expect(roles.indexOf('H2')).toBeLessThan(roles.indexOf('H3'));
      expect(roles.filter((role) => role === 'P').length).toBeGreaterThan(10);
      // The footer and the watermark are artifacts: no paragraph carries them.
      expect(pdfStreams(pdf).join('\n')).toMatch(/\/Artifact <<[^>]*\/Type \/Pagination/);
    }
  });
});

import { describe, expect, it } from 'vitest';
import type { MeetingRecordView } from '../../shared/index';
import { pdfInfo, pdfPages } from '../testing/pdf-text';
import { renderMinutesPdf } from './minutes-pdf';
import { amsterdamTime, contentBlocks, maskedLine, winAnsi } from './pdf-document';

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

    const footer = `Opgevraagd door Gé Ëlmer ? (GGZ Voorbeeld, behandelaar) op 03-12-2026 09:05 — record ${HASH}`;
    pages.forEach((page, index) => {
      expect(flat(page)).toContain(footer);
      expect(flat(page)).toContain('VERTROUWELIJK — Gé Ëlmer ?');
      expect(flat(page)).toContain(`Pagina ${index + 1} van ${pages.length}`);
    });

    const text = flat(pages.join('\n'));
    expect(text).toContain('Casusoverleg ? december');
    expect(text).toContain('Soort overleg: Casusoverleg');
    expect(text).toContain('Gepland: 02-12-2026 10:00');
    expect(text).toContain('Vastgesteld: 02-12-2026 12:30');
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
    expect(text).toContain('Uiterlijk gereed op: 31-12-2026');
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
    expect(info.Title).toBe('Casustafel-verslag');
    expect(JSON.stringify(info)).not.toMatch(/Ëlmer|PGA-2026|Casusoverleg/);
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

describe('contentBlocks', () => {
  it('renders any shape, cycles and deep nesting included, without throwing', () => {
    const cyclic: Record<string, unknown> = { name: 'a' };
    cyclic.self = cyclic;
    let deep: unknown = 'bodem';
    for (let i = 0; i < 30; i++) deep = { level: deep };
    const throwing = Object.defineProperty({}, 'boom', {
      enumerable: true,
      get: () => {
        throw new Error('no');
      },
    });
    const blocks = contentBlocks({
      cyclic,
      deep,
      throwing,
      when: new Date('2026-07-01T10:00:00Z'),
      many: Array.from({ length: 600 }, (_, i) => i),
      nothing: undefined,
      yes: true,
    });
    const lines = blocks.map((b) => b.text);
    expect(lines).toContain('self: …');
    expect(lines).toContain('level: …');
    expect(lines).toContain('01-07-2026 12:00');
    expect(lines).toContain('… en nog 100');
    expect(lines).toContain('—');
    expect(lines).toContain('ja');
    expect(contentBlocks(null)).toEqual([]);
    expect(contentBlocks('los')).toEqual([{ kind: 'paragraph', depth: 0, text: 'los' }]);
  });
});

describe('helpers', () => {
  it('reduces text to WinAnsi', () => {
    expect(winAnsi('a😀b')).toBe('a?b');
    expect(winAnsi('e\u0301 ő ë — € “x”')).toBe('é o ë — € “x”');
    expect(winAnsi('a\u0000b\u200dc\td\r\ne\ufe0f')).toBe('abc d\ne');
    expect(winAnsi('\ud800')).toBe('?');
  });

  it('shows instants in Dutch time, summer and winter', () => {
    expect(amsterdamTime('2026-07-01T10:00:00Z')).toBe('01-07-2026 12:00');
    expect(amsterdamTime(new Date('2026-12-03T23:30:00Z'))).toBe('04-12-2026 00:30');
    expect(amsterdamTime('geen datum')).toBe('geen datum');
  });

  it('says why a compartment is masked', () => {
    expect(maskedLine('analysis', null, 'art. 10.5')).toBe('Afgeschermd — Analyse (art. 10.5)');
    expect(maskedLine('analysis', 'eigen tekst', 'art. 10.5')).toBe('Afgeschermd — eigen tekst (art. 10.5)');
    expect(maskedLine('identity', 'Afgeschermd — persoonsgegevens', 'art. 10.5')).toBe(
      'Afgeschermd — persoonsgegevens (art. 10.5)',
    );
  });
});

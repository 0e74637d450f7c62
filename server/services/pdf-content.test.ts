import { describe, expect, it } from 'vitest';
import { contentBlocks, keyLabel, maskedLine, plainNaming, type Naming } from './pdf-content';
import { PDF_WORDING } from './pdf-wording';

const NL = plainNaming('nl', PDF_WORDING.nl);
const EN = plainNaming('en', PDF_WORDING.en);

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
    const blocks = contentBlocks(
      {
        cyclic,
        deep,
        throwing,
        when: new Date('2026-07-01T10:00:00Z'),
        many: Array.from({ length: 600 }, (_, i) => i),
        nothing: undefined,
        yes: true,
      },
      NL,
    );
    const lines = blocks.map((b) => b.text);
    expect(lines).toContain('self: …');
    expect(lines).toContain('level: …');
    expect(lines).toContain('wo 1 jul 2026, 12:00');
    expect(lines).toContain('… en nog 100');
    expect(lines).toContain('—');
    expect(lines).toContain('ja');
    expect(contentBlocks(null, NL)).toEqual([]);
    expect(contentBlocks('los', NL)).toEqual([{ kind: 'paragraph', depth: 0, text: 'los' }]);
  });
});

describe('names instead of ids', () => {
  const CRITERION = '640886dd-0000-4000-8000-000000000001';
  const ITEM = '6937e84c-0000-4000-8000-000000000002';
  const PARTY = '11111111-0000-4000-8000-000000000003';
  const naming = (base: Naming): Naming => ({
    ...base,
    criteria: new Map([[CRITERION, 'G1 Ideologische uitingen']]),
    items: new Map([[ITEM, 2]]),
    parties: new Map([[PARTY, 'GGZ Voorbeeld']]),
  });

  it('names a criterion, an agenda entry and a party, and leaves an entry id out', () => {
    const lines = contentBlocks(
      {
        [`criterion/${CRITERION}`]: 'gezien',
        [`item/${ITEM}`]: { order: 2, status: 'done' },
        measures: [{ id: ITEM, description: 'Gesprek', ownerPartyId: PARTY }],
      },
      naming(NL),
    ).map((b) => b.text);
    expect(lines).toContain('Criterium G1 Ideologische uitingen');
    expect(lines).toContain('Agendapunt 2');
    expect(lines).toContain('Uitvoerende partij: GGZ Voorbeeld');
    expect(lines.join('\n')).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}/);
  });

  it('never shows an id it cannot name', () => {
    const lines = contentBlocks(
      { [`criterion/${CRITERION}`]: 'x', [`item/${ITEM}`]: 'y', plan: { ownerPartyId: PARTY } },
      EN,
    ).map((b) => b.text);
    expect(lines).toEqual([
      'Criterion',
      'x',
      'Agenda item',
      'y',
      'plan',
      'Carried out by: a party no longer known',
    ]);
    expect(keyLabel(`criterion/${CRITERION}`, naming(EN))).toBe('Criterion G1 Ideologische uitingen');
  });
});

describe('masked compartments', () => {
  it('says why a compartment is masked', () => {
    expect(maskedLine('analysis', null, 'art. 10.5', NL)).toBe('Afgeschermd — Analyse (art. 10.5)');
    expect(maskedLine('analysis', 'eigen tekst', 'art. 10.5', NL)).toBe(
      'Afgeschermd — eigen tekst (art. 10.5)',
    );
    expect(maskedLine('identity', 'Afgeschermd — persoonsgegevens', 'art. 10.5', NL)).toBe(
      'Afgeschermd — persoonsgegevens (art. 10.5)',
    );
  });

  it('translates the model policy labels for an English reader, and only those', () => {
    expect(maskedLine('identity', 'Afgeschermd — persoonsgegevens', 'art. 10.5', EN)).toBe(
      'Masked — personal data (art. 10.5)',
    );
    expect(maskedLine('analysis', null, 'art. 10.5', EN)).toBe('Masked — Analysis (art. 10.5)');
    expect(maskedLine('analysis', 'eigen tekst', 'art. 10.5', EN)).toBe('Masked — eigen tekst (art. 10.5)');
  });
});

import { describe, expect, it } from 'vitest';
import { copyForCaseFile } from './case-file-copy';

describe('copyForCaseFile (art. 8.5, 10.2)', () => {
  const content = {
    naw: {
      name: 'Subject Canary',
      dateOfBirth: '2004-02-29',
      address: 'Straat 1',
      residence: 'Voorbeeldstad',
    },
    signals: [
      {
        description: 'Deelde oproepen tot geweld',
        observedOn: '2026-10-01',
        broughtByPartyId: 'party-police',
        reporterName: 'REPORTER-CANARY',
        reporterContact: 'reporter-canary@example.nl',
      },
    ],
    findings: [
      {
        code: 'G2',
        title: 'Rechtvaardigen van geweld',
        finding: 'present' as const,
        grounds: 'meerdere posts',
      },
    ],
    grounds: 'Integrale aanpak nodig',
  };

  it('copies NAW, signals with the bringing party, and the analysis', () => {
    const copy = copyForCaseFile(content);
    expect(copy.naw).toEqual(content.naw);
    expect(copy.signals).toEqual([
      {
        description: 'Deelde oproepen tot geweld',
        observedOn: '2026-10-01',
        broughtByPartyId: 'party-police',
      },
    ]);
    expect(copy.analysis).toContain('G2 Rechtvaardigen van geweld: aanwezig — meerdere posts');
    expect(copy.analysis).toContain('Integrale aanpak nodig');
  });

  it('leaves the reporter (melder, art. 8.2c) in the weighing file: art. 10.2c names only the party', () => {
    expect(JSON.stringify(copyForCaseFile(content))).not.toMatch(/REPORTER-CANARY|reporter-canary/);
  });

  it('is a copy, not a shared reference', () => {
    const copy = copyForCaseFile(content);
    copy.naw.name = 'changed';
    expect(content.naw.name).toBe('Subject Canary');
  });
});

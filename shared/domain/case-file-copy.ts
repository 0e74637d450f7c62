import type { Finding } from './weighing';

/** What the weighing file holds that may be relevant to the casusoverleg. */
export interface WeighingFileContent {
  naw: { name: string; dateOfBirth: string | null; address: string | null; residence: string | null };
  signals: readonly {
    description: string;
    observedOn: string;
    broughtByPartyId: string;
    reporterName: string;
    reporterContact: string;
  }[];
  findings: readonly { code: string; title: string; finding: Finding; grounds: string }[];
  grounds: string;
}

export interface CaseFileCopy {
  naw: WeighingFileContent['naw'];
  signals: { description: string; observedOn: string; broughtByPartyId: string }[];
  analysis: string;
}

const FINDING_LABEL: Record<Finding, string> = {
  present: 'aanwezig',
  absent: 'niet aanwezig',
  unknown: 'onbekend',
};

/**
 * Art. 8.5: on agenda-ing, "een kopie van de relevante gegevens uit het bestand van de weegploeg" goes to the
 * case file. Art. 10.2 says what that file holds: NAW (a), the signals (b), the *party* that brought them (c) —
 * not the reporter (melder) of art. 8.2c, who stays in the weighing file — and the analysis (d).
 */
export function copyForCaseFile(content: WeighingFileContent): CaseFileCopy {
  const lines = content.findings.map(
    (f) => `${f.code} ${f.title}: ${FINDING_LABEL[f.finding]}${f.grounds ? ` — ${f.grounds}` : ''}`,
  );
  return {
    naw: { ...content.naw },
    signals: content.signals.map((s) => ({
      description: s.description,
      observedOn: s.observedOn,
      broughtByPartyId: s.broughtByPartyId,
    })),
    analysis: [...lines, '', `Besluit weegploeg: ${content.grounds}`].join('\n'),
  };
}

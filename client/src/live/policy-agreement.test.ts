import { describe, expect, it } from 'vitest';
import type { ParticipantPolicyRow } from '../../../shared/api/policy';
import { MODEL_MASKING_POLICY } from '../../../shared/domain/masking-defaults';
import { canWrite, compartmentVerdicts, type PolicyParticipant } from '../../../shared/domain/masking';
import { MEETING_KINDS } from '../../../shared/domain/meetings';
import { ORGANISATION_TYPES, type OrganisationType, type PartyKind } from '../../../shared/domain/parties';
import { ITEM_COMPARTMENTS_BY_KIND, canOpen, itemAccess, writableLive } from './fields';
import { policyCell } from './policy';

/**
 * "Wie ziet wat" and the live fields must tell the same truth as the server, which grants writing on a live
 * document by `canWrite` of the same verdict (server/live/authorize-doc.ts). A field that decides read-only by a
 * list of its own (the table said the chair writes in NAW while the field said "lezen, niet bewerken") fails here.
 */
const participants: (PolicyParticipant & { label: string })[] = [
  { label: 'chair', role: 'chair', partyKind: 'core', partyId: 'p-chair', organisationType: 'municipality' },
  { label: 'executor', role: 'executor', partyKind: null, partyId: null, organisationType: null },
  ...(['core', 'case', 'external'] as PartyKind[]).flatMap((partyKind) =>
    ORGANISATION_TYPES.map((organisationType: OrganisationType) => ({
      label: `${partyKind} ${organisationType}`,
      role: partyKind === 'external' ? ('satellite' as const) : ('member' as const),
      partyKind,
      partyId: `p-${organisationType}`,
      organisationType,
    })),
  ),
];

describe('who sees what agrees with the live fields', () => {
  for (const kind of MEETING_KINDS)
    for (const participant of participants)
      it(`${kind}: ${participant.label}`, () => {
        const verdicts = compartmentVerdicts(MODEL_MASKING_POLICY, participant, kind);
        const row: ParticipantPolicyRow = {
          membershipId: 'm',
          name: participant.label,
          organisation: 'org',
          role: participant.role,
          partyId: participant.partyId,
          compartments: verdicts,
        };
        for (const compartment of ITEM_COMPARTMENTS_BY_KIND[kind]) {
          const table = policyCell(row, compartment).access;
          const field = itemAccess({
            mine: verdicts,
            disclosures: [],
            itemId: 'item',
            partyId: participant.partyId,
            compartment,
          });
          // The server opens and writes by the same verdict.
          const server = verdicts.find((v) => v.compartment === compartment)!.access;
          expect({ compartment, table }).toEqual({ compartment, table: server });
          expect({ compartment, opens: canOpen(field.access) }).toEqual({
            compartment,
            opens: canOpen(table),
          });
          expect({ compartment, writes: writableLive(field) }).toEqual({
            compartment,
            writes: canWrite(server),
          });
        }
      });

  it('lets the chair write in NAW, signals and network, as the server does', () => {
    const chair = participants[0]!;
    for (const compartment of ['identity', 'signals', 'network'] as const) {
      const verdicts = compartmentVerdicts(MODEL_MASKING_POLICY, chair, 'case');
      const field = itemAccess({ mine: verdicts, disclosures: [], itemId: 'i', partyId: null, compartment });
      expect(writableLive(field)).toBe(true);
    }
  });
});

import { describe, expect, it } from 'vitest';
import type { AuthorisationList, AuthorisationView } from '../../../shared/api/authorisations';
import {
  changeProblems,
  groupByOrganisation,
  grantProblems,
  historyByMessage,
  historyMessage,
  mayChange,
  toChangeBody,
  toGrantBody,
  withAuthorisation,
  type GrantDraft,
} from './authorisations';

const police = { id: 'o-police', name: 'Politie Eenheid Voorbeeld' };
const municipality = { id: 'o-gem', name: 'Gemeente Voorbeeldstad' };
const court = { id: 'o-om', name: 'Openbaar Ministerie' };

const authorisation = (over: Partial<AuthorisationView>): AuthorisationView => ({
  membershipId: 'm1',
  username: 'politie',
  displayName: 'Dirk Visser',
  organisation: police,
  role: 'member',
  capacity: 'vertegenwoordiger korpschef',
  grantedAt: '2026-01-01T09:00:00.000Z',
  revokedAt: null,
  history: [],
  ...over,
});

describe('the list of authorisations', () => {
  it('groups per organisation by name, active before revoked, and keeps organisations without any', () => {
    const list: AuthorisationList = {
      organisations: [police, municipality, court],
      authorisations: [
        authorisation({ membershipId: 'a', displayName: 'Zeger', revokedAt: '2026-02-01T00:00:00.000Z' }),
        authorisation({ membershipId: 'b', displayName: 'Yvonne' }),
        authorisation({ membershipId: 'c', displayName: 'Anna', organisation: municipality }),
        authorisation({
          membershipId: 'd',
          displayName: 'Elders',
          organisation: { id: 'o-x', name: 'Anders' },
        }),
      ],
    };
    const groups = groupByOrganisation(list);
    expect(groups.map((g) => g.organisation.name)).toEqual([
      'Anders',
      'Gemeente Voorbeeldstad',
      'Openbaar Ministerie',
      'Politie Eenheid Voorbeeld',
    ]);
    expect(groups[2]!.authorisations).toEqual([]);
    expect(groups[3]!.authorisations.map((a) => a.membershipId)).toEqual(['b', 'a']);
  });

  it('replaces a changed authorisation and adds a granted one', () => {
    const list: AuthorisationList = { organisations: [police], authorisations: [authorisation({})] };
    const changed = withAuthorisation(list, authorisation({ capacity: 'wijkagent' }));
    expect(changed.authorisations).toHaveLength(1);
    expect(changed.authorisations[0]!.capacity).toBe('wijkagent');
    expect(withAuthorisation(list, authorisation({ membershipId: 'new' })).authorisations).toHaveLength(2);
  });

  it('offers no change of one’s own authorisation, nor of a revoked one', () => {
    expect(mayChange(authorisation({}), 'other')).toBe(true);
    expect(mayChange(authorisation({}), 'm1')).toBe(false);
    expect(mayChange(authorisation({ revokedAt: '2026-02-01T00:00:00.000Z' }), 'other')).toBe(false);
  });

  it('says what each step of the history did, and by whom', () => {
    const at = '2026-03-01T10:00:00.000Z';
    expect(
      historyMessage({ change: 'granted', role: 'member', capacity: 'wijkagent', by: 'Jan Kok', at }),
    ).toEqual({
      key: 'authorisations.history.granted',
      params: { role: { key: 'roles.member' }, capacity: 'wijkagent' },
    });
    expect(historyMessage({ change: 'changed', role: 'oddity', capacity: 'x', by: null, at })).toEqual({
      key: 'authorisations.history.changed',
      params: { role: { text: 'oddity' }, capacity: 'x' },
    });
    expect(historyMessage({ change: 'revoked', role: 'member', capacity: 'x', by: 'Jan Kok', at })).toEqual({
      key: 'authorisations.history.revoked',
    });
    const when = (instant: string) => `<${instant}>`;
    expect(
      historyByMessage({ change: 'revoked', role: 'member', capacity: 'x', by: 'Jan Kok', at }, when),
    ).toEqual({ key: 'authorisations.history.by', params: { name: 'Jan Kok', when: `<${at}>` } });
    expect(
      historyByMessage({ change: 'granted', role: 'member', capacity: 'x', by: null, at }, when),
    ).toEqual({
      key: 'authorisations.history.bySystem',
      params: { when: `<${at}>` },
    });
  });
});

describe('granting', () => {
  const draft = (over: Partial<GrantDraft> = {}): GrantDraft => ({
    username: ' K.Agent ',
    displayName: ' Kees Agent ',
    organisationId: 'o-police',
    role: 'member',
    capacity: ' wijkagent ',
    ...over,
  });

  it('accepts a complete draft and sends it trimmed, the username in lower case', () => {
    expect(grantProblems(draft())).toEqual({});
    expect(toGrantBody(draft())).toEqual({
      username: 'k.agent',
      displayName: 'Kees Agent',
      organisationId: 'o-police',
      role: 'member',
      capacity: 'wijkagent',
    });
  });

  it('names every missing or wrong field', () => {
    expect(
      grantProblems(draft({ username: '', displayName: ' ', organisationId: '', role: '', capacity: '' })),
    ).toEqual({
      username: 'authorisations.grant.usernameRequired',
      displayName: 'authorisations.grant.nameRequired',
      organisationId: 'authorisations.grant.organisationRequired',
      role: 'authorisations.grant.roleRequired',
      capacity: 'authorisations.capacityRequired',
    });
    for (const username of ['ab', 'kees agent', 'kees@politie', 'x'.repeat(65)])
      expect(grantProblems(draft({ username })).username, username).toBe(
        'authorisations.grant.usernameInvalid',
      );
    expect(grantProblems(draft({ capacity: 'x'.repeat(201) })).capacity).toBe('authorisations.tooLong');
    expect(() => toGrantBody(draft({ role: '' }))).toThrow();
  });
});

describe('changing', () => {
  const current = authorisation({});

  it('sends only what changed', () => {
    expect(toChangeBody({ role: 'member', capacity: ' wijkagent ' }, current)).toEqual({
      capacity: 'wijkagent',
    });
    expect(toChangeBody({ role: 'chair', capacity: current.capacity }, current)).toEqual({ role: 'chair' });
  });

  it('asks for a capacity, and for a change', () => {
    expect(changeProblems({ role: 'member', capacity: ' ' }, current)).toEqual({
      capacity: 'authorisations.capacityRequired',
    });
    expect(changeProblems({ role: 'member', capacity: `${current.capacity} ` }, current)).toEqual({
      form: 'authorisations.change.unchanged',
    });
    expect(changeProblems({ role: 'member', capacity: 'wijkagent' }, current)).toEqual({});
  });
});

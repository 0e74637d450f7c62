import { describe, expect, it } from 'vitest';
import type { SubjectRequestView } from '../../../shared/api/subject-requests';
import {
  carriedOutProblems,
  deadlineNote,
  decideProblems,
  hasOverview,
  mayDecide,
  registerProblems,
  statusMessage,
  toCarriedOutBody,
  toDecideBody,
  toRegisterBody,
  verifiedOnProblem,
  type RegisterDraft,
} from './requests';

const TODAY = '2026-03-10';
const request = (over: Partial<SubjectRequestView>): SubjectRequestView => ({
  id: 'r1',
  subjectReference: 'PGA-2026-0001',
  subjectName: 'Subject',
  kind: 'access',
  requester: 'subject',
  receivedOn: TODAY,
  deadline: '2026-04-07',
  identityVerifiedOn: null,
  details: 'Wil weten wat er over hem is vastgelegd.',
  decision: null,
  decidedOn: null,
  refusalGround: null,
  reasoning: null,
  execution: null,
  status: 'open',
  ...over,
});

describe('requests of subjects: deadline', () => {
  it('counts the days left of an open request, and names the other statuses', () => {
    expect(statusMessage(request({}), TODAY)).toEqual({
      key: 'requests.statuses.open',
      params: { days: 28 },
    });
    expect(statusMessage(request({ status: 'due_soon' }), TODAY)).toEqual({
      key: 'requests.statuses.due_soon',
    });
    expect(statusMessage(request({ status: 'overdue' }), TODAY)).toEqual({
      key: 'requests.statuses.overdue',
    });
    expect(statusMessage(request({ status: 'decided' }), TODAY)).toEqual({
      key: 'requests.statuses.decided',
    });
  });

  it('says how long is left, or how long ago the deadline passed', () => {
    expect(deadlineNote('2026-04-07', TODAY)).toEqual({
      key: 'requests.deadlineNote.days',
      params: { days: 28 },
    });
    expect(deadlineNote('2026-03-11', TODAY)).toEqual({ key: 'requests.deadlineNote.tomorrow' });
    expect(deadlineNote(TODAY, TODAY)).toEqual({ key: 'requests.deadlineNote.today' });
    expect(deadlineNote('2026-03-09', TODAY)).toEqual({ key: 'requests.deadlineNote.yesterday' });
    expect(deadlineNote('2026-03-01', TODAY)).toEqual({
      key: 'requests.deadlineNote.passed',
      params: { days: 9 },
    });
  });

  it('decides, and gives an overview, only after the identity is established (art. 12.3)', () => {
    expect(mayDecide(request({}))).toBe(false);
    expect(hasOverview(request({}))).toBe(false);
    const verified = request({ identityVerifiedOn: TODAY });
    expect(mayDecide(verified)).toBe(true);
    expect(hasOverview(verified)).toBe(true);
    expect(mayDecide({ ...verified, decision: 'granted' })).toBe(false);
    expect(hasOverview({ ...verified, decision: 'granted' })).toBe(true);
    expect(hasOverview({ ...verified, decision: 'refused' })).toBe(false);
    expect(hasOverview({ ...verified, kind: 'correction' })).toBe(false);
  });
});

describe('requests of subjects: forms', () => {
  const draft: RegisterDraft = {
    subjectReference: ' PGA-2026-0001 ',
    kind: 'access',
    requester: 'subject',
    receivedOn: TODAY,
    identityVerifiedOn: '',
    details: ' Brief van 9 maart. ',
  };

  it('registers with a reference, a receipt date not in the future and what is asked', () => {
    expect(registerProblems(draft, TODAY)).toEqual({});
    expect(toRegisterBody(draft)).toEqual({
      subjectReference: 'PGA-2026-0001',
      kind: 'access',
      requester: 'subject',
      receivedOn: TODAY,
      details: 'Brief van 9 maart.',
    });
    expect(
      registerProblems(
        {
          ...draft,
          subjectReference: ' ',
          receivedOn: '2026-03-11',
          identityVerifiedOn: '2026-03-11',
          details: '',
        },
        TODAY,
      ),
    ).toEqual({
      subjectReference: 'requests.form.referenceRequired',
      receivedOn: 'requests.form.receivedInvalid',
      identityVerifiedOn: 'requests.form.verifiedInvalid',
      details: 'requests.form.detailsRequired',
    });
    // The identity cannot be established before the request came in.
    expect(registerProblems({ ...draft, identityVerifiedOn: '2026-03-09' }, TODAY)).toEqual({
      identityVerifiedOn: 'requests.form.verifiedInvalid',
    });
    expect(toRegisterBody({ ...draft, identityVerifiedOn: TODAY }).identityVerifiedOn).toBe(TODAY);
  });

  it('takes an identity date from the receipt up to today', () => {
    expect(verifiedOnProblem(TODAY, '2026-03-01', TODAY)).toBeUndefined();
    expect(verifiedOnProblem('2026-02-28', '2026-03-01', TODAY)).toBe('requests.verify.dateInvalid');
    expect(verifiedOnProblem('2026-03-11', '2026-03-01', TODAY)).toBe('requests.verify.dateInvalid');
  });

  it('wants a ground and reasons with a refusal (art. 12.4), and no ground with a grant', () => {
    const base = {
      decision: 'refused' as const,
      decidedOn: TODAY,
      refusalGround: '' as const,
      reasoning: ' ',
    };
    expect(decideProblems(base, '2026-03-01', TODAY)).toEqual({
      refusalGround: 'requests.decide.groundRequired',
      reasoning: 'requests.decide.refusalReasoningRequired',
    });
    expect(decideProblems({ ...base, decision: '', decidedOn: '2026-02-01' }, '2026-03-01', TODAY)).toEqual({
      decision: 'requests.decide.decisionRequired',
      decidedOn: 'requests.decide.dateInvalid',
      reasoning: 'requests.decide.reasoningRequired',
    });
    expect(
      toDecideBody({
        decision: 'granted',
        decidedOn: TODAY,
        refusalGround: 'crime',
        reasoning: ' Inzage gegeven. ',
      }),
    ).toEqual({ decision: 'granted', decidedOn: TODAY, reasoning: 'Inzage gegeven.' });
    expect(
      toDecideBody({
        decision: 'refused',
        decidedOn: TODAY,
        refusalGround: 'crime',
        reasoning: 'Lopend onderzoek.',
      }),
    ).toEqual({
      decision: 'refused',
      decidedOn: TODAY,
      refusalGround: 'crime',
      reasoning: 'Lopend onderzoek.',
    });
  });

  it('records carrying out from the decision up to today; the date the parties were told is optional (art. 12.6)', () => {
    const decidedOn = '2026-03-02';
    expect(carriedOutProblems({ carriedOutOn: TODAY, partiesNotifiedOn: '' }, decidedOn, TODAY)).toEqual({});
    expect(toCarriedOutBody({ carriedOutOn: TODAY, partiesNotifiedOn: '' })).toEqual({ carriedOutOn: TODAY });
    expect(toCarriedOutBody({ carriedOutOn: TODAY, partiesNotifiedOn: '2026-03-05' })).toEqual({
      carriedOutOn: TODAY,
      partiesNotifiedOn: '2026-03-05',
    });
    const invalid = 'requests.carriedOut.dateInvalid';
    for (const day of ['', '2026-03-01', '2026-03-11', '10-03-2026'])
      expect(carriedOutProblems({ carriedOutOn: day, partiesNotifiedOn: '' }, decidedOn, TODAY)).toEqual({
        carriedOutOn: invalid,
      });
    for (const day of ['2026-03-01', '2026-03-11'])
      expect(carriedOutProblems({ carriedOutOn: TODAY, partiesNotifiedOn: day }, decidedOn, TODAY)).toEqual({
        partiesNotifiedOn: invalid,
      });
  });
});

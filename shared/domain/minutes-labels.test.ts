import { describe, expect, it } from 'vitest';
import { effectLabelNl, proposalLabelNl } from './minutes-labels';

describe('Dutch wording of outcomes in the minutes', () => {
  it('says what was proposed, with Dutch dates and the article', () => {
    expect(proposalLabelNl({ kind: 'weighing', outcome: 'agenda' })).toContain('Agenderen');
    expect(proposalLabelNl({ kind: 'case', advice: 'continue', nextReviewDate: '2027-01-15' })).toContain(
      '15-01-2027',
    );
    expect(proposalLabelNl({ kind: 'case', advice: 'close' })).toContain('afsluiten');
  });

  it('says what an outcome did to the files, without ids', () => {
    const id = '11111111-2222-4333-8444-555555555555';
    const texts = [
      effectLabelNl({ kind: 'case_file_copy', caseFileId: id }),
      effectLabelNl({
        kind: 'case_agenda_entry',
        caseFileId: id,
        meetingId: id,
        scheduledAt: '2027-01-13T08:00:00Z',
      }),
      effectLabelNl({ kind: 'case_agenda_entry', caseFileId: id, meetingId: null, scheduledAt: null }),
      effectLabelNl({ kind: 'notification_duty', dutyId: id }),
      effectLabelNl({ kind: 'next_review', caseFileId: id, nextReviewOn: '2027-03-01' }),
      effectLabelNl({ kind: 'closure', caseFileId: id, weighingFileId: null }),
      effectLabelNl({ kind: 'carried_over', meetingId: null, scheduledAt: null }),
    ];
    expect(texts.join('\n')).not.toContain(id);
    expect(texts[1]).toContain('13-01-2027');
    expect(texts[3]).toContain('art. 11');
    expect(texts[4]).toContain('01-03-2027');
    expect(new Set(texts).size).toBe(texts.length);
  });
});

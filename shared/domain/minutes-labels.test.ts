import { describe, expect, it } from 'vitest';
import { effectLabel, outcomeLabel, proposalLabel } from './minutes-labels';
import type { FileEffect } from './file-effects';

describe('wording of outcomes in the minutes, in Dutch and English', () => {
  it('says what was proposed, with the dates of every screen and the article', () => {
    expect(proposalLabel({ kind: 'weighing', outcome: 'not_substantial' }, 'nl')).toBe(
      'Signalen onvoldoende substantieel (art. 7.4)',
    );
    expect(proposalLabel({ kind: 'weighing', outcome: 'agenda' }, 'en')).toContain('Put on the agenda');
    expect(proposalLabel({ kind: 'case', advice: 'continue', nextReviewDate: '2027-01-15' }, 'nl')).toContain(
      '15 januari 2027',
    );
    expect(proposalLabel({ kind: 'case', advice: 'continue', nextReviewDate: '2027-01-15' }, 'en')).toContain(
      '15 January 2027',
    );
    expect(proposalLabel({ kind: 'case', advice: 'close' }, 'nl')).toContain('afsluiten');
    expect(outcomeLabel('carried_over', 'en')).toBe('Carried over');
  });

  it('says what an outcome did to the files, without ids, each effect differently', () => {
    const id = '11111111-2222-4333-8444-555555555555';
    const effects: FileEffect[] = [
      { kind: 'case_file_copy', caseFileId: id },
      { kind: 'case_agenda_entry', caseFileId: id, meetingId: id, scheduledAt: '2027-01-13T08:00:00Z' },
      { kind: 'case_agenda_entry', caseFileId: id, meetingId: null, scheduledAt: null },
      { kind: 'notification_duty', dutyId: id },
      { kind: 'next_review', caseFileId: id, nextReviewOn: '2027-03-01' },
      { kind: 'closure', caseFileId: id, weighingFileId: null },
      { kind: 'carried_over', meetingId: null, scheduledAt: null },
    ];
    for (const language of ['nl', 'en'] as const) {
      const texts = effects.map((effect) => effectLabel(effect, language));
      expect(texts.join('\n')).not.toContain(id);
      expect(texts[3]).toContain('art. 11');
      expect(new Set(texts).size).toBe(texts.length);
    }
    expect(effectLabel(effects[1]!, 'nl')).toContain('13 januari 2027');
    expect(effectLabel(effects[4]!, 'en')).toContain('1 March 2027');
  });
});

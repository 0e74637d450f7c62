import { describe, expect, it } from 'vitest';
import { useAnnouncer } from './announcer';

const tick = () => Promise.resolve();

describe('the live screen announcer', () => {
  it('puts an announcement in the live region', () => {
    const announcer = useAnnouncer();
    announcer.announce('Nu besproken: G3 Jansen');
    expect(announcer.message.value).toBe('Nu besproken: G3 Jansen');
  });

  it('reads announcements of one tick as one message, and replaces it on the next', async () => {
    const announcer = useAnnouncer();
    announcer.announce('Nu besproken: G3 Jansen');
    announcer.announce('Carla Bakker steekt een hand op.');
    expect(announcer.message.value).toBe('Nu besproken: G3 Jansen Carla Bakker steekt een hand op.');
    await tick();
    announcer.announce('Het woord is aan Carla Bakker.');
    expect(announcer.message.value).toBe('Het woord is aan Carla Bakker.');
  });

  it('changes the region when the same text comes again, so it is read again', async () => {
    const announcer = useAnnouncer();
    announcer.announce('Nu besproken: G3');
    const first = announcer.message.value;
    await tick();
    announcer.announce('Nu besproken: G3');
    expect(announcer.message.value).not.toBe(first);
    expect(announcer.message.value.trim()).toBe('Nu besproken: G3');
  });

  it('ignores empty text', () => {
    const announcer = useAnnouncer();
    announcer.announce('Eerst');
    announcer.announce('  ');
    expect(announcer.message.value).toBe('Eerst');
  });

  it('announces a key once within the quiet period, and again after it', async () => {
    let now = 0;
    const announcer = useAnnouncer({ now: () => now, quietMs: 1000 });
    announcer.announceOnce('dirk/G3', 'Dirk Visser bewerkt G3');
    expect(announcer.message.value).toBe('Dirk Visser bewerkt G3');
    await tick();
    announcer.announce('Nu besproken: G4');
    await tick();
    now = 999;
    announcer.announceOnce('dirk/G3', 'Dirk Visser bewerkt G3');
    expect(announcer.message.value).toBe('Nu besproken: G4');
    // Another field or another person is news.
    announcer.announceOnce('dirk/G4', 'Dirk Visser bewerkt G4');
    expect(announcer.message.value).toBe('Dirk Visser bewerkt G4');
    await tick();
    now = 1000;
    announcer.announceOnce('dirk/G3', 'Dirk Visser bewerkt G3');
    expect(announcer.message.value).toBe('Dirk Visser bewerkt G3');
  });
});

// When a pair is flagged to its curator as silent or stalled, and when it is looked at again.
import { describe, expect, it } from 'vitest';
import { progressVerdict, silenceVerdict, type PairActivity } from '../../../src/meetings/watch';

const day = (n: number) => new Date(Date.UTC(2026, 2, 1 + n, 9));
const activity = (overrides: Partial<PairActivity> = {}): PairActivity => ({
  activatedAt: day(0),
  lastMeetingAt: null,
  nextMeetingAt: null,
  lastProgressAt: null,
  ...overrides,
});

describe('a silent pair', () => {
  it('is flagged when no meeting took place for the set number of weeks since activation, and looked at again after as long', () => {
    const verdict = silenceVerdict(activity(), 3, day(21));
    expect(verdict).toEqual({ flag: true, days: 21, nextCheckAt: day(42) });
  });

  it('is not flagged before that; it is looked at again when the weeks run out from its last meeting', () => {
    expect(silenceVerdict(activity({ lastMeetingAt: day(10) }), 3, day(21))).toEqual({ flag: false, days: 11, nextCheckAt: day(31) });
  });

  it('is not silent with a meeting scheduled ahead', () => {
    expect(silenceVerdict(activity({ nextMeetingAt: day(25) }), 3, day(22)).flag).toBe(false);
  });
});

describe('a stalled pair', () => {
  it('is flagged after the set days with no meeting held, no check-in and no task done', () => {
    expect(progressVerdict(activity(), 21, day(21)).flag).toBe(true);
    expect(progressVerdict(activity({ lastProgressAt: day(5) }), 21, day(21))).toEqual({ flag: false, days: 16, nextCheckAt: day(26) });
  });
});

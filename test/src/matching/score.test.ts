// Scoring of mentee–mentor candidates: who is compatible, the score by the documented weights, and
// reasons that say in data exactly what the two profiles share; checked by hand and against an
// exact reference on random profiles.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultWeights, scoreCandidate, topCandidates, type MatchWeights } from '../../../src/matching/score';
import type { MatchReason, MenteeProfile, MentorProfile } from '../../../src/matching/types';
import { profilesArbitrary, referenceCandidates, referenceScore } from './reference';

function mentee(overrides: Partial<MenteeProfile> = {}): MenteeProfile {
  return {
    id: 1,
    requests: ['math'],
    interests: ['шахматы', 'кино', 'театр'],
    format: 'any',
    freeTime: ['weekday_evening'],
    forms: ['student_student'],
    ...overrides,
  };
}

function mentor(overrides: Partial<MentorProfile> = {}): MentorProfile {
  return {
    id: 100,
    competences: ['math', 'physics'],
    interests: ['шахматы', 'кино', 'театр'],
    format: 'any',
    freeTime: ['weekday_evening', 'weekend_morning'],
    forms: ['student_student'],
    capacity: 2,
    load: 0,
    ready: true,
    ...overrides,
  };
}

function kinds(reasons: MatchReason[]): string[] {
  return reasons.map((r) => r.kind);
}

describe('scoreCandidate by hand', () => {
  it('gives a pair that shares everything but a preference 80 of 100, with every reason', () => {
    const s = scoreCandidate(mentee(), mentor());
    expect(s?.score).toBe(80);
    expect(s?.reasons).toEqual([
      { kind: 'shared-topics', topics: ['math'] },
      { kind: 'time-overlap', slots: ['weekday_evening'] },
      { kind: 'format-match', format: 'any' },
      { kind: 'form-match', form: 'student_student' },
      { kind: 'shared-interests', words: ['шахматы', 'кино', 'театр'] },
      { kind: 'spare-capacity', spare: 2 },
    ]);
  });

  it('gives a mutual preference the full 100 and names it first', () => {
    const s = scoreCandidate(mentee({ preferredMentors: [100] }), mentor({ preferredMentees: [1] }));
    expect(s?.score).toBe(100);
    expect(s?.reasons[0]).toEqual({ kind: 'mutual-preference' });
  });

  it('weighs a one-sided preference less than a mutual one, the mentee’s more than the mentor’s', () => {
    const menteeSide = scoreCandidate(mentee({ preferredMentors: [100] }), mentor());
    const mentorSide = scoreCandidate(mentee(), mentor({ preferredMentees: [1] }));
    expect(menteeSide?.score).toBe(92);
    expect(menteeSide?.reasons[0]).toEqual({ kind: 'mentee-prefers' });
    expect(mentorSide?.score).toBe(88);
    expect(mentorSide?.reasons[0]).toEqual({ kind: 'mentor-prefers' });
  });

  it('does not suggest a mentor who is not ready yet', () => {
    expect(scoreCandidate(mentee(), mentor({ ready: false }))).toBeUndefined();
  });

  it('does not suggest a mentor with no spare place', () => {
    expect(scoreCandidate(mentee(), mentor({ capacity: 2, load: 2 }))).toBeUndefined();
    expect(scoreCandidate(mentee(), mentor({ capacity: 1, load: 3 }))).toBeUndefined();
  });

  it('counts the spare places of a partly taken mentor, and earns less for them', () => {
    const s = scoreCandidate(mentee(), mentor({ capacity: 4, load: 3 }));
    expect(s?.reasons.at(-1)).toEqual({ kind: 'spare-capacity', spare: 1 });
    // capacity points 5 * 1/4 = 1.25 instead of 5.
    expect(s?.score).toBe(76);
  });

  it('does not pair an online-only mentee with an offline-only mentor', () => {
    expect(scoreCandidate(mentee({ format: 'online' }), mentor({ format: 'offline' }))).toBeUndefined();
  });

  it('when the format is not strict, pairs online with offline without format points and says so', () => {
    const weights: MatchWeights = { ...defaultWeights, strictFormat: false };
    const s = scoreCandidate(mentee({ format: 'online' }), mentor({ format: 'offline' }), weights);
    expect(s?.score).toBe(70);
    expect(kinds(s?.reasons ?? [])).toContain('format-mismatch');
    expect(kinds(s?.reasons ?? [])).not.toContain('format-match');
  });

  it('names the concrete format when one side accepts any', () => {
    expect(scoreCandidate(mentee({ format: 'any' }), mentor({ format: 'offline' }))?.reasons).toContainEqual({
      kind: 'format-match',
      format: 'offline',
    });
    expect(scoreCandidate(mentee({ format: 'online' }), mentor({ format: 'any' }))?.reasons).toContainEqual({
      kind: 'format-match',
      format: 'online',
    });
  });

  it('does not pair across forms of mentorship when both sides name theirs', () => {
    expect(scoreCandidate(mentee({ forms: ['teacher_teacher'] }), mentor({ forms: ['student_student'] }))).toBeUndefined();
  });

  it('gives half the form points when either side accepts any form', () => {
    const s = scoreCandidate(mentee({ forms: [] }), mentor({ forms: ['student_student'] }));
    expect(s?.score).toBe(78); // 80 - 5 + 2.5 = 77.5, rounded half up
    expect(kinds(s?.reasons ?? [])).not.toContain('form-match');
  });

  it('scores the share of requests the mentor covers', () => {
    const half = scoreCandidate(mentee({ requests: ['math', 'history'] }), mentor());
    expect(half?.score).toBe(60);
    expect(half?.reasons[0]).toEqual({ kind: 'shared-topics', topics: ['math'] });
    const none = scoreCandidate(mentee({ requests: ['history'] }), mentor());
    expect(none?.score).toBe(40);
    expect(kinds(none?.reasons ?? [])).not.toContain('shared-topics');
  });

  it('says when there is no common free time and gives no time points', () => {
    const s = scoreCandidate(mentee({ freeTime: ['weekend_evening'] }), mentor());
    expect(s?.score).toBe(65);
    expect(s?.reasons).toContainEqual({ kind: 'no-common-time' });
  });

  it('needs two common slots for the full time points when the mentee named two or more', () => {
    const one = scoreCandidate(mentee({ freeTime: ['weekday_evening', 'weekend_evening', 'weekday_morning'] }), mentor());
    expect(one?.score).toBe(73); // 15 * 1/2 = 7.5: 72.5, rounded half up
    const two = scoreCandidate(mentee({ freeTime: ['weekday_evening', 'weekend_morning', 'weekday_morning'] }), mentor());
    expect(two?.score).toBe(80);
  });

  it('rounds an exact half up even when it is a sum of thirds (20 + 5/3 + 10/3 + 22.5 = 47.5)', () => {
    const s = scoreCandidate(
      mentee({ requests: ['math', 'history'], interests: ['шахматы'], format: 'online', freeTime: [], forms: ['employer_student'] }),
      mentor({ competences: ['history'], interests: ['Шахматы'], format: 'online', freeTime: [], forms: ['employer_student'], capacity: 3, load: 1 }),
    );
    expect(s?.score).toBe(48);
  });

  it('compares interest words case-insensitively and with ё as е', () => {
    const s = scoreCandidate(mentee({ interests: ['Ёлка', ' ШАХМАТЫ '] }), mentor({ interests: ['елка', 'шахматы'] }));
    expect(s?.reasons).toContainEqual({ kind: 'shared-interests', words: ['елка', 'шахматы'] });
  });

  it('orders a mentee’s candidates by score, equal scores by mentor id, and keeps only k', () => {
    const mentors = [
      mentor({ id: 7, competences: ['history'] }),
      mentor({ id: 5 }),
      mentor({ id: 3 }),
      mentor({ id: 9, preferredMentees: [1] }),
      mentor({ id: 4, ready: false }),
    ];
    expect(topCandidates(mentee(), mentors, 10).map((s) => [s.mentorId, s.score])).toEqual([
      [9, 88],
      [3, 80],
      [5, 80],
      [7, 40],
    ]);
    expect(topCandidates(mentee(), mentors, 2).map((s) => s.mentorId)).toEqual([9, 3]);
    expect(topCandidates(mentee(), mentors, 0)).toEqual([]);
  });
});

/** The reasons the two profiles call for, in data, following what each reason promises. */
function expectedReasons(me: MenteeProfile, mo: MentorProfile, weights: Readonly<MatchWeights>): MatchReason[] {
  const reasons: MatchReason[] = [];
  const menteePrefers = (me.preferredMentors ?? []).includes(mo.id);
  const mentorPrefers = (mo.preferredMentees ?? []).includes(me.id);
  if (menteePrefers && mentorPrefers) reasons.push({ kind: 'mutual-preference' });
  else if (menteePrefers) reasons.push({ kind: 'mentee-prefers' });
  else if (mentorPrefers) reasons.push({ kind: 'mentor-prefers' });
  const topics = [...new Set(me.requests)].filter((t) => mo.competences.includes(t));
  if (topics.length > 0) reasons.push({ kind: 'shared-topics', topics });
  if (me.freeTime.length > 0 && mo.freeTime.length > 0) {
    const slots = [...new Set(me.freeTime)].filter((t) => mo.freeTime.includes(t));
    reasons.push(slots.length > 0 ? { kind: 'time-overlap', slots } : { kind: 'no-common-time' });
  }
  if (me.format === 'any' || mo.format === 'any' || me.format === mo.format) {
    reasons.push({ kind: 'format-match', format: me.format === 'any' ? mo.format : me.format });
  } else if (!weights.strictFormat) {
    reasons.push({ kind: 'format-mismatch' });
  }
  const form = me.forms.find((f) => mo.forms.includes(f));
  if (form !== undefined) reasons.push({ kind: 'form-match', form });
  const norm = (w: string) => w.trim().toLowerCase().replaceAll('ё', 'е');
  const mentorWords = new Set(mo.interests.map(norm));
  const words = [...new Set(me.interests.map(norm))].filter((w) => w.length > 0 && mentorWords.has(w));
  if (words.length > 0) reasons.push({ kind: 'shared-interests', words });
  reasons.push({ kind: 'spare-capacity', spare: mo.capacity - mo.load });
  return reasons;
}

const integerWeights = fc.record({
  topics: fc.integer({ min: 0, max: 50 }),
  format: fc.integer({ min: 0, max: 20 }),
  time: fc.integer({ min: 0, max: 20 }),
  form: fc.integer({ min: 0, max: 10 }),
  capacity: fc.integer({ min: 0, max: 10 }),
  interests: fc.integer({ min: 0, max: 10 }),
  mutualPreference: fc.integer({ min: 0, max: 30 }),
  menteePrefers: fc.integer({ min: 0, max: 20 }),
  mentorPrefers: fc.integer({ min: 0, max: 20 }),
  strictFormat: fc.boolean(),
});

describe('scoreCandidate on random profiles', () => {
  it('agrees with the exact reference score, including who is excluded', () => {
    fc.assert(
      fc.property(profilesArbitrary({ maxMentees: 4, maxMentors: 4 }), ({ mentees, mentors }) => {
        for (const me of mentees) {
          for (const mo of mentors) expect(scoreCandidate(me, mo)?.score).toBe(referenceScore(me, mo));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with the reference with more than 32 topics (several bit-set words)', () => {
    fc.assert(
      fc.property(profilesArbitrary({ maxMentees: 3, maxMentors: 5, wide: true }), ({ mentees, mentors }) => {
        for (const me of mentees) {
          expect(topCandidates(me, mentors, 3).map((s) => ({ mentorId: s.mentorId, score: s.score }))).toEqual(
            referenceCandidates(me, mentors, 3),
          );
        }
      }),
      { numRuns: 200 },
    );
  });

  it('agrees with the reference under any integer weights', () => {
    fc.assert(
      fc.property(
        profilesArbitrary({ maxMentees: 3, maxMentors: 3 }),
        integerWeights.filter((w) => w.topics + w.format + w.time + w.form + w.capacity + w.interests + w.mutualPreference > 0),
        ({ mentees, mentors }, weights) => {
          for (const me of mentees) {
            for (const mo of mentors) expect(scoreCandidate(me, mo, weights)?.score).toBe(referenceScore(me, mo, weights));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('lists the mentee’s candidates as the reference does: best first, ties by mentor id', () => {
    fc.assert(
      fc.property(profilesArbitrary({ maxMentees: 3, maxMentors: 8 }), fc.integer({ min: 0, max: 10 }), ({ mentees, mentors }, k) => {
        for (const me of mentees) {
          expect(topCandidates(me, mentors, k).map((s) => ({ mentorId: s.mentorId, score: s.score }))).toEqual(
            referenceCandidates(me, mentors, k),
          );
        }
      }),
      { numRuns: 200 },
    );
  });

  it('gives reasons that say exactly what the two profiles share', () => {
    fc.assert(
      fc.property(profilesArbitrary({ maxMentees: 4, maxMentors: 4 }), fc.boolean(), ({ mentees, mentors }, strictFormat) => {
        const weights = { ...defaultWeights, strictFormat };
        for (const me of mentees) {
          for (const mo of mentors) {
            const s = scoreCandidate(me, mo, weights);
            if (s === undefined) continue;
            expect(s.reasons).toEqual(expectedReasons(me, mo, weights));
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('rejects weights that are negative or all zero', () => {
    expect(() => scoreCandidate(mentee(), mentor(), { ...defaultWeights, topics: -1 })).toThrow();
    const zero: MatchWeights = {
      topics: 0, format: 0, time: 0, form: 0, capacity: 0, interests: 0,
      mutualPreference: 0, menteePrefers: 0, mentorPrefers: 0, strictFormat: true,
    };
    expect(() => scoreCandidate(mentee(), mentor(), zero)).toThrow();
  });
});

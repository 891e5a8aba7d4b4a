// The assignment of mentees to mentors: an optimal b-matching over each mentee's candidates, checked
// on hand-made cases with a known optimum and against an exhaustive search and an independent
// min-cost flow on random graphs; never over a capacity, never worse than greedy.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assignGreedy,
  assignOptimal,
  buildCandidateGraph,
  solveGreedy,
  solveOptimal,
  type CandidateGraph,
} from '../../../src/matching/assign';
import type { Assignment, MenteeProfile, MentorProfile } from '../../../src/matching/types';
import {
  bruteForceBest,
  graphArbitrary,
  minCostFlowBest,
  profilesArbitrary,
  referenceCandidates,
  referenceScore,
} from './reference';

/** A graph from rows of [menteeId, [[mentorId, score], ...]] and spare places by mentor id. */
function graph(rows: [number, [number, number][]][], spare: Record<number, number>): CandidateGraph {
  return {
    menteeIds: rows.map(([id]) => id),
    candidates: rows.map(([menteeId, list]) => list.map(([mentorId, score]) => ({ menteeId, mentorId, score, reasons: [] }))),
    spare: new Map(Object.entries(spare).map(([id, places]) => [Number(id), places])),
  };
}

function pairsOf(a: Assignment): [number, number][] {
  return a.pairs.map((p) => [p.menteeId, p.mentorId]);
}

/** Everything an assignment promises, checked against the graph it was made from. */
function expectValid(a: Assignment, g: CandidateGraph): void {
  const usable = new Map<string, number>();
  g.candidates.forEach((list) => {
    for (const s of [...list].reverse()) if ((g.spare.get(s.mentorId) ?? 0) > 0) usable.set(`${s.menteeId}:${s.mentorId}`, s.score);
  });
  const firstScore = new Map<string, number>();
  g.candidates.forEach((list) => {
    for (const s of list) {
      const key = `${s.menteeId}:${s.mentorId}`;
      if (!firstScore.has(key)) firstScore.set(key, s.score);
    }
  });
  const taken = new Map<number, number>();
  const seen = new Set<number>();
  for (const p of a.pairs) {
    expect(seen.has(p.menteeId), `mentee ${p.menteeId} twice`).toBe(false);
    seen.add(p.menteeId);
    const key = `${p.menteeId}:${p.mentorId}`;
    expect(usable.has(key), `pair ${key} is not a candidate edge`).toBe(true);
    expect(p.score).toBe(firstScore.get(key));
    taken.set(p.mentorId, (taken.get(p.mentorId) ?? 0) + 1);
  }
  for (const [mentorId, n] of taken) expect(n).toBeLessThanOrEqual(g.spare.get(mentorId) ?? 0);
  expect(a.pairs.map((p) => p.menteeId)).toEqual([...seen].sort((x, y) => x - y));
  expect(a.unassigned).toEqual(g.menteeIds.filter((id) => !seen.has(id)).sort((x, y) => x - y));
  expect(a.totalScore).toBe(a.pairs.reduce((sum, p) => sum + p.score, 0));
}

describe('solveOptimal on hand-made graphs', () => {
  it('gives each of two mentees a mentor where greedy takes the best pair first and loses', () => {
    const g = graph(
      [
        [1, [[10, 90], [11, 80]]],
        [2, [[10, 85], [11, 10]]],
      ],
      { 10: 1, 11: 1 },
    );
    const optimal = solveOptimal(g);
    expect(pairsOf(optimal)).toEqual([[1, 11], [2, 10]]);
    expect(optimal.totalScore).toBe(165);
    const greedy = solveGreedy(g);
    expect(pairsOf(greedy)).toEqual([[1, 10], [2, 11]]);
    expect(greedy.totalScore).toBe(100);
  });

  it('moves two mentees along a chain of mentors to make room for a third', () => {
    const g = graph(
      [
        [1, [[10, 90], [11, 89]]],
        [2, [[11, 90], [12, 50]]],
        [3, [[10, 95]]],
      ],
      { 10: 1, 11: 1, 12: 1 },
    );
    const optimal = solveOptimal(g);
    expect(pairsOf(optimal)).toEqual([[1, 11], [2, 12], [3, 10]]);
    expect(optimal.totalScore).toBe(234);
    expect(solveGreedy(g).totalScore).toBe(185);
  });

  it.each([1, 2, 3, 5])('fills a mentor with %i places with the best mentees and leaves the rest unpaired', (capacity) => {
    const rows: [number, [number, number][]][] = Array.from({ length: capacity + 2 }, (_, i) => [i + 1, [[10, 50 + i]]]);
    const a = solveOptimal(graph(rows, { 10: capacity }));
    expect(a.pairs).toHaveLength(capacity);
    expect(a.unassigned).toEqual([1, 2]);
    expect(a.totalScore).toBe(Array.from({ length: capacity }, (_, i) => 52 + i).reduce((x, y) => x + y, 0));
  });

  it('spreads mentees over mentors of different capacities', () => {
    const rows: [number, [number, number][]][] = Array.from({ length: 6 }, (_, i) => [i + 1, [[10, 90], [11, 60], [12, 30]]]);
    const a = solveOptimal(graph(rows, { 10: 1, 11: 2, 12: 3 }));
    expect(a.pairs.filter((p) => p.mentorId === 10)).toHaveLength(1);
    expect(a.pairs.filter((p) => p.mentorId === 11)).toHaveLength(2);
    expect(a.pairs.filter((p) => p.mentorId === 12)).toHaveLength(3);
    expect(a.totalScore).toBe(90 + 120 + 90);
  });

  it('never uses a mentor with no spare place, or one missing from the places', () => {
    const g = graph(
      [
        [1, [[10, 99], [11, 98], [12, 20]]],
        [2, [[10, 99], [11, 97]]],
      ],
      { 10: 0, 12: 1 },
    );
    const a = solveOptimal(g);
    expect(pairsOf(a)).toEqual([[1, 12]]);
    expect(a.unassigned).toEqual([2]);
  });

  it('leaves a mentee with no candidate at all unpaired, and handles an empty graph', () => {
    const a = solveOptimal(graph([[1, []], [2, [[10, 40]]]], { 10: 1 }));
    expect(pairsOf(a)).toEqual([[2, 10]]);
    expect(a.unassigned).toEqual([1]);
    expect(solveOptimal(graph([], {}))).toEqual({ pairs: [], unassigned: [], totalScore: 0 });
  });

  it('breaks ties the same way every time: the lower mentor id, then the lower mentee id', () => {
    const sameMentors = solveOptimal(graph([[1, [[11, 70], [10, 70]]]], { 10: 1, 11: 1 }));
    expect(pairsOf(sameMentors)).toEqual([[1, 10]]);
    const sameMentees = solveOptimal(graph([[2, [[10, 70]]], [1, [[10, 70]]]], { 10: 1 }));
    expect(pairsOf(sameMentees)).toEqual([[1, 10]]);
    expect(sameMentees.unassigned).toEqual([2]);
  });

  it('refuses graphs it cannot trust: a score out of range, a foreign mentee, duplicate mentees', () => {
    expect(() => solveOptimal(graph([[1, [[10, 101]]]], { 10: 1 }))).toThrow();
    expect(() => solveOptimal(graph([[1, [[10, 50.5]]]], { 10: 1 }))).toThrow();
    const foreign = graph([[1, [[10, 50]]]], { 10: 1 });
    foreign.candidates[0]?.push({ menteeId: 2, mentorId: 10, score: 10, reasons: [] });
    expect(() => solveOptimal(foreign)).toThrow();
    expect(() => solveOptimal(graph([[1, []], [1, []]], {}))).toThrow();
  });
});

function mentee(id: number, overrides: Partial<MenteeProfile> = {}): MenteeProfile {
  return { id, requests: ['math'], interests: [], format: 'any', freeTime: ['mon'], forms: [], ...overrides };
}

function mentor(id: number, overrides: Partial<MentorProfile> = {}): MentorProfile {
  return {
    id,
    competences: ['math'],
    interests: [],
    format: 'any',
    freeTime: ['mon'],
    forms: [],
    capacity: 1,
    load: 0,
    ready: true,
    ...overrides,
  };
}

describe('assignOptimal on hand-made profiles', () => {
  it('gives the physics request to the only physics mentor although the maths mentee would score as high with him', () => {
    const mentees = [mentee(1, { requests: ['math'] }), mentee(2, { requests: ['physics'] })];
    const mentors = [mentor(10, { competences: ['math', 'physics'] }), mentor(11, { competences: ['math'] })];
    const optimal = assignOptimal(mentees, mentors);
    expect(pairsOf(optimal)).toEqual([[1, 11], [2, 10]]);
    const greedy = assignGreedy(mentees, mentors);
    expect(pairsOf(greedy)).toEqual([[1, 10], [2, 11]]);
    expect(optimal.totalScore).toBeGreaterThan(greedy.totalScore);
  });

  it('leaves a mentee unpaired rather than cross a form of mentorship', () => {
    const a = assignOptimal([mentee(1, { forms: ['teacher_teacher'] })], [mentor(10, { forms: ['student_student'], capacity: 5 })]);
    expect(a.pairs).toEqual([]);
    expect(a.unassigned).toEqual([1]);
  });

  it('keeps online-only mentees away from offline-only mentors', () => {
    const a = assignOptimal(
      [mentee(1, { format: 'online' }), mentee(2, { format: 'offline' })],
      [mentor(10, { format: 'offline', capacity: 2 })],
    );
    expect(pairsOf(a)).toEqual([[2, 10]]);
  });

  it('leaves out mentors who are full or not ready', () => {
    const a = assignOptimal([mentee(1), mentee(2)], [mentor(10, { capacity: 3, load: 3 }), mentor(11, { ready: false }), mentor(12)]);
    expect(pairsOf(a)).toEqual([[1, 12]]);
    expect(a.unassigned).toEqual([2]);
  });

  it('takes a partly taken mentor only up to the places left', () => {
    const a = assignOptimal([mentee(1), mentee(2), mentee(3)], [mentor(10, { capacity: 4, load: 2 })]);
    expect(a.pairs).toHaveLength(2);
  });

  it('pairs those who named each other in the preference round', () => {
    const mentees = [mentee(1), mentee(2, { preferredMentors: [11] })];
    const mentors = [mentor(10), mentor(11, { preferredMentees: [2] })];
    const a = assignOptimal(mentees, mentors);
    expect(pairsOf(a)).toEqual([[1, 10], [2, 11]]);
    expect(a.pairs[1]?.reasons[0]).toEqual({ kind: 'mutual-preference' });
  });

  it('gives a contested mentor to the mentee who prefers him mutually', () => {
    const a = assignOptimal([mentee(1), mentee(2, { preferredMentors: [10] })], [mentor(10, { preferredMentees: [2] })]);
    expect(pairsOf(a)).toEqual([[2, 10]]);
    expect(a.unassigned).toEqual([1]);
  });

  it('gives equal mentees and mentors the same pairs whatever order they come in', () => {
    const mentees = [mentee(3), mentee(1), mentee(2)];
    const mentors = [mentor(12), mentor(10), mentor(11)];
    expect(pairsOf(assignOptimal(mentees, mentors))).toEqual([[1, 10], [2, 11], [3, 12]]);
    expect(pairsOf(assignOptimal([...mentees].reverse(), [...mentors].reverse()))).toEqual([[1, 10], [2, 11], [3, 12]]);
  });

  it('chooses only among each mentee’s best candidates', () => {
    // Mentee 2's best mentor is 10; with one candidate each, 2 cannot fall back on 11.
    const mentees = [mentee(1, { requests: ['math'] }), mentee(2, { requests: ['math'] })];
    const mentors = [mentor(10), mentor(11, { competences: [] })];
    expect(assignOptimal(mentees, mentors, { candidatesPerMentee: 1 }).unassigned).toEqual([2]);
    expect(assignOptimal(mentees, mentors, { candidatesPerMentee: 2 }).unassigned).toEqual([]);
  });

  it('refuses duplicate ids', () => {
    expect(() => assignOptimal([mentee(1), mentee(1)], [mentor(10)])).toThrow();
    expect(() => assignOptimal([mentee(1)], [mentor(10), mentor(10)])).toThrow();
  });
});

describe('solveOptimal on random graphs', () => {
  it('is a valid assignment with the best total an exhaustive search finds', () => {
    fc.assert(
      fc.property(graphArbitrary({ maxMentees: 7, maxMentors: 4, maxDegree: 4 }), (g) => {
        const a = solveOptimal(g);
        expectValid(a, g);
        expect(a.totalScore).toBe(bruteForceBest(g));
      }),
      { numRuns: 400 },
    );
  });

  it('has the best total an independent min-cost flow finds on larger graphs', () => {
    fc.assert(
      fc.property(graphArbitrary({ maxMentees: 40, maxMentors: 10, maxDegree: 6 }), (g) => {
        const a = solveOptimal(g);
        expectValid(a, g);
        expect(a.totalScore).toBe(minCostFlowBest(g));
      }),
      { numRuns: 150 },
    );
  });

  it('gives the same pairs whatever order the mentees and their candidates are listed in', () => {
    fc.assert(
      fc.property(graphArbitrary({ maxMentees: 12, maxMentors: 5, maxDegree: 4 }), (g) => {
        const reversed: CandidateGraph = {
          menteeIds: [...g.menteeIds].reverse(),
          candidates: [...g.candidates].reverse().map((list) => {
            // Keep each mentor's first mention first; only the order between mentors changes.
            const first = list.filter((s, i) => list.findIndex((t) => t.mentorId === s.mentorId) === i);
            return first.reverse();
          }),
          spare: g.spare,
        };
        expect(solveOptimal(reversed)).toEqual(solveOptimal(g));
        expect(solveGreedy(reversed)).toEqual(solveGreedy(g));
      }),
      { numRuns: 200 },
    );
  });

  it('is never worse than greedy, and greedy is valid too', () => {
    fc.assert(
      fc.property(graphArbitrary({ maxMentees: 30, maxMentors: 8, maxDegree: 5 }), (g) => {
        const optimal = solveOptimal(g);
        const greedy = solveGreedy(g);
        expectValid(greedy, g);
        expect(optimal.totalScore).toBeGreaterThanOrEqual(greedy.totalScore);
      }),
      { numRuns: 200 },
    );
  });
});

describe('assignOptimal on random profiles', () => {
  const k = 3;

  it('never exceeds a capacity, pairs each mentee at most once, with the reference score of each pair', () => {
    fc.assert(
      fc.property(profilesArbitrary({ maxMentees: 12, maxMentors: 6 }), ({ mentees, mentors }) => {
        const a = assignOptimal(mentees, mentors, { candidatesPerMentee: k });
        const byId = new Map(mentors.map((m) => [m.id, m]));
        const taken = new Map<number, number>();
        for (const p of a.pairs) {
          const mo = byId.get(p.mentorId);
          const me = mentees.find((x) => x.id === p.menteeId);
          if (mo === undefined || me === undefined) throw new Error('pair of unknown people');
          expect(p.score).toBe(referenceScore(me, mo));
          expect(referenceCandidates(me, mentors, k).map((c) => c.mentorId)).toContain(p.mentorId);
          taken.set(mo.id, (taken.get(mo.id) ?? 0) + 1);
        }
        for (const [id, n] of taken) {
          const mo = byId.get(id);
          expect(n).toBeLessThanOrEqual((mo?.capacity ?? 0) - (mo?.load ?? 0));
        }
        expect(new Set(a.pairs.map((p) => p.menteeId)).size).toBe(a.pairs.length);
        expect(a.pairs.length + a.unassigned.length).toBe(mentees.length);
      }),
      { numRuns: 200 },
    );
  });

  it('reaches the best total over each mentee’s k best candidates, never below greedy', () => {
    fc.assert(
      fc.property(profilesArbitrary({ maxMentees: 14, maxMentors: 6 }), ({ mentees, mentors }) => {
        const a = assignOptimal(mentees, mentors, { candidatesPerMentee: k });
        const reference: CandidateGraph = {
          menteeIds: mentees.map((m) => m.id),
          candidates: mentees.map((me) =>
            referenceCandidates(me, mentors, k).map((c) => ({ menteeId: me.id, mentorId: c.mentorId, score: c.score, reasons: [] })),
          ),
          spare: new Map(mentors.map((m) => [m.id, m.ready ? Math.max(0, m.capacity - m.load) : 0])),
        };
        expect(a.totalScore).toBe(minCostFlowBest(reference));
        expect(a.totalScore).toBeGreaterThanOrEqual(assignGreedy(mentees, mentors, { candidatesPerMentee: k }).totalScore);
      }),
      { numRuns: 200 },
    );
  });

  it('is the same as solveOptimal over the candidate graph, reasons included', () => {
    fc.assert(
      fc.property(profilesArbitrary({ maxMentees: 10, maxMentors: 5 }), ({ mentees, mentors }) => {
        const direct = assignOptimal(mentees, mentors, { candidatesPerMentee: k });
        expect(solveOptimal(buildCandidateGraph(mentees, mentors, { candidatesPerMentee: k }))).toEqual(direct);
        expect(solveGreedy(buildCandidateGraph(mentees, mentors, { candidatesPerMentee: k }))).toEqual(
          assignGreedy(mentees, mentors, { candidatesPerMentee: k }),
        );
      }),
      { numRuns: 150 },
    );
  });

  it('gives the same pairs whatever order the mentees and mentors come in', () => {
    fc.assert(
      fc.property(
        profilesArbitrary({ maxMentees: 12, maxMentors: 6 }),
        fc.infiniteStream(fc.nat()).map((s) => [...s.take(40)]),
        ({ mentees, mentors }, noise) => {
          const shuffle = <T>(list: T[]) =>
            list.map((item, i) => ({ item, key: noise[i % noise.length] ?? 0 })).sort((a, b) => a.key - b.key).map((x) => x.item);
          expect(assignOptimal(shuffle(mentees), shuffle(mentors), { candidatesPerMentee: k })).toEqual(
            assignOptimal(mentees, mentors, { candidatesPerMentee: k }),
          );
        },
      ),
      { numRuns: 150 },
    );
  });
});

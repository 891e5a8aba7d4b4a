// Independent, slow and obvious implementations the matching tests compare src/matching against: the
// score in exact integer arithmetic from the rules written in MatchWeights, an exhaustive search and
// a Bellman-Ford min-cost flow for the best assignment, and generators of random profiles and graphs.
import fc from 'fast-check';
import type { CandidateGraph } from '../../../src/matching/assign';
import { defaultWeights, normaliseWord, type MatchWeights } from '../../../src/matching/score';
import type { MeetingFormat, MenteeProfile, MentorProfile } from '../../../src/matching/types';

/** Common denominator of every fraction the score uses (shares of up to 10 requests, halves, thirds, capacities up to 10). */
const DENOMINATOR = 2520;

function spare(mentor: MentorProfile): number {
  if (!mentor.ready) return 0;
  return Math.max(0, Math.floor(mentor.capacity) - Math.max(0, Math.floor(mentor.load)));
}

function count<T>(values: Iterable<T>, inside: Set<T>): number {
  let n = 0;
  for (const value of values) if (inside.has(value)) n += 1;
  return n;
}

/**
 * The score by the documented rules, with every term as an integer multiple of 1/DENOMINATOR and
 * the final rounding done in integers (half up), so there is no floating-point doubt about it.
 * Undefined when the pair is impossible: mentor not ready or full, online vs offline, no common form.
 * Weights must be integers.
 */
export function referenceScore(
  mentee: MenteeProfile,
  mentor: MentorProfile,
  weights: Readonly<MatchWeights> = defaultWeights,
): number | undefined {
  const places = spare(mentor);
  if (places <= 0) return undefined;
  const formatOk = mentee.format === 'any' || mentor.format === 'any' || mentee.format === mentor.format;
  if (!formatOk && weights.strictFormat) return undefined;

  const D = DENOMINATOR;
  let points = 0;

  const menteeForms = new Set(mentee.forms);
  const mentorForms = new Set(mentor.forms);
  if (menteeForms.size > 0 && mentorForms.size > 0) {
    if (count(menteeForms, mentorForms) === 0) return undefined;
    points += weights.form * D;
  } else {
    points += (weights.form * D) / 2;
  }

  if (formatOk) points += weights.format * D;

  const menteeSlots = new Set(mentee.freeTime);
  const mentorSlots = new Set(mentor.freeTime);
  if (menteeSlots.size > 0 && mentorSlots.size > 0) {
    const shared = count(menteeSlots, mentorSlots);
    points += (weights.time * D * Math.min(shared, 2)) / Math.min(menteeSlots.size, 2);
  } else {
    points += (weights.time * D) / 2;
  }

  const requests = new Set(mentee.requests);
  if (requests.size > 0) points += (weights.topics * D * count(requests, new Set(mentor.competences))) / requests.size;

  const words = (list: string[]) => new Set(list.map(normaliseWord).filter((w) => w.length > 0));
  const sharedWords = count(words(mentee.interests), words(mentor.interests));
  points += (weights.interests * D * Math.min(sharedWords, 3)) / 3;

  points += (weights.capacity * D * places) / Math.max(1, Math.floor(mentor.capacity));

  const menteePrefers = (mentee.preferredMentors ?? []).includes(mentor.id);
  const mentorPrefers = (mentor.preferredMentees ?? []).includes(mentee.id);
  if (menteePrefers && mentorPrefers) points += weights.mutualPreference * D;
  else if (menteePrefers) points += weights.menteePrefers * D;
  else if (mentorPrefers) points += weights.mentorPrefers * D;

  if (!Number.isInteger(points)) throw new Error(`reference points ${points} are not a multiple of 1/${D}`);
  const best =
    weights.topics + weights.format + weights.time + weights.form + weights.capacity + weights.interests +
    Math.max(weights.mutualPreference, weights.menteePrefers, weights.mentorPrefers);
  // round(points / D * 100 / best), half up, in integers.
  const score = Math.floor((200 * points + D * best) / (2 * D * best));
  return Math.min(100, Math.max(0, score));
}

/** A mentee's candidates by the reference score: the k best, score descending, then mentor id ascending. */
export function referenceCandidates(
  mentee: MenteeProfile,
  mentors: readonly MentorProfile[],
  k: number,
  weights: Readonly<MatchWeights> = defaultWeights,
): { mentorId: number; score: number }[] {
  const scored: { mentorId: number; score: number }[] = [];
  for (const mentor of mentors) {
    const score = referenceScore(mentee, mentor, weights);
    if (score !== undefined) scored.push({ mentorId: mentor.id, score });
  }
  scored.sort((a, b) => b.score - a.score || a.mentorId - b.mentorId);
  return scored.slice(0, k);
}

/** Usable edges of a candidate graph: the first mention of each mentor with spare places. */
function edgesOf(graph: CandidateGraph): { mentorId: number; score: number }[][] {
  return graph.candidates.map((list) => {
    const seen = new Set<number>();
    const edges: { mentorId: number; score: number }[] = [];
    for (const s of list) {
      if ((graph.spare.get(s.mentorId) ?? 0) <= 0 || seen.has(s.mentorId)) continue;
      seen.add(s.mentorId);
      edges.push({ mentorId: s.mentorId, score: s.score });
    }
    return edges;
  });
}

/** The best total score by trying every choice (each mentee: one of its candidates or none). Small graphs only. */
export function bruteForceBest(graph: CandidateGraph): number {
  const edges = edgesOf(graph);
  const left = new Map(graph.spare);
  let best = 0;
  const visit = (row: number, total: number): void => {
    if (row === edges.length) {
      best = Math.max(best, total);
      return;
    }
    visit(row + 1, total);
    for (const { mentorId, score } of edges[row] ?? []) {
      const places = left.get(mentorId) ?? 0;
      if (places <= 0) continue;
      left.set(mentorId, places - 1);
      visit(row + 1, total + score);
      left.set(mentorId, places);
    }
  };
  visit(0, 0);
  return best;
}

/**
 * The best total score by a textbook min-cost flow: source -> mentee (1) -> mentor (cost -score)
 * -> sink (spare places); Bellman-Ford shortest paths, augmenting while a path still gains.
 */
export function minCostFlowBest(graph: CandidateGraph): number {
  const edges = edgesOf(graph);
  const mentorIds = [...new Set(edges.flatMap((list) => list.map((e) => e.mentorId)))];
  const rows = edges.length;
  const source = 0;
  const sink = 1;
  const menteeNode = (r: number) => 2 + r;
  const mentorNode = new Map(mentorIds.map((id, i) => [id, 2 + rows + i]));
  const nodes = 2 + rows + mentorIds.length;
  const to: number[] = [];
  const capacity: number[] = [];
  const cost: number[] = [];
  const from: number[] = [];
  const add = (u: number, v: number, cap: number, c: number) => {
    to.push(v, u);
    capacity.push(cap, 0);
    cost.push(c, -c);
    from.push(u, v);
  };
  edges.forEach((list, r) => {
    add(source, menteeNode(r), 1, 0);
    for (const { mentorId, score } of list) add(menteeNode(r), mentorNode.get(mentorId) ?? -1, 1, -score);
  });
  for (const id of mentorIds) add(mentorNode.get(id) ?? -1, sink, graph.spare.get(id) ?? 0, 0);

  let total = 0;
  for (;;) {
    const dist = new Array<number>(nodes).fill(Infinity);
    const via = new Array<number>(nodes).fill(-1);
    dist[source] = 0;
    for (let round = 0; round < nodes; round++) {
      let changed = false;
      for (let e = 0; e < to.length; e++) {
        const u = from[e] ?? 0;
        const v = to[e] ?? 0;
        const du = dist[u] ?? Infinity;
        if ((capacity[e] ?? 0) > 0 && du + (cost[e] ?? 0) < (dist[v] ?? Infinity)) {
          dist[v] = du + (cost[e] ?? 0);
          via[v] = e;
          changed = true;
        }
      }
      if (!changed) break;
    }
    const d = dist[sink] ?? Infinity;
    if (!(d < 0)) return total;
    for (let v = sink; v !== source; ) {
      const e = via[v] ?? -1;
      capacity[e] = (capacity[e] ?? 0) - 1;
      capacity[e ^ 1] = (capacity[e ^ 1] ?? 0) + 1;
      v = from[e] ?? source;
    }
    total -= d;
  }
}

// ---- generators -------------------------------------------------------------------------------

const FORMATS: MeetingFormat[] = ['online', 'offline', 'any'];

/** Profiles over small vocabularies, so overlaps are common; `wide` uses more than 32 topics to exercise multi-word bit sets. */
export function profilesArbitrary(options: { maxMentees: number; maxMentors: number; wide?: boolean }) {
  const topicCount = options.wide ? 40 : 6;
  const topics = Array.from({ length: topicCount }, (_, i) => `topic_${i}`);
  const slots = ['mon', 'tue', 'wed', 'sat'];
  const forms = ['student_student', 'teacher_student', 'employer_student'];
  const words = ['Шахматы', 'шахматы ', 'ёлка', 'елка', 'музыка', 'Кино', 'театр', ''];
  const subset = <T>(list: readonly T[], max = list.length) => fc.subarray([...list], { maxLength: Math.min(max, list.length) });
  const mentor = (id: number) =>
    fc
      .record({
        competences: subset(topics, 8),
        interests: subset(words),
        format: fc.constantFrom(...FORMATS),
        freeTime: subset(slots),
        forms: subset(forms),
        capacity: fc.integer({ min: 1, max: 5 }),
        load: fc.integer({ min: 0, max: 5 }),
        // One in ten mentors is not ready yet.
        readyRoll: fc.integer({ min: 0, max: 9 }),
        preferredMentees: fc.array(fc.integer({ min: 1, max: options.maxMentees }), { maxLength: 3 }),
      })
      .map(({ readyRoll, load, capacity, ...rest }): MentorProfile => ({
        id,
        ...rest,
        capacity,
        load: Math.min(load, capacity),
        ready: readyRoll > 0,
      }));
  const mentee = (id: number, mentorCount: number) =>
    fc.record({
      requests: subset(topics, 8),
      interests: subset(words),
      format: fc.constantFrom(...FORMATS),
      freeTime: subset(slots),
      forms: subset(forms, 2),
      preferredMentors: fc.array(fc.integer({ min: 1001, max: 1000 + Math.max(1, mentorCount) }), { maxLength: 3 }),
    }).map((rest): MenteeProfile => ({ id, ...rest }));
  return fc
    .record({
      mentees: fc.integer({ min: 0, max: options.maxMentees }),
      mentors: fc.integer({ min: 0, max: options.maxMentors }),
    })
    .chain(({ mentees, mentors }) =>
      fc.record({
        mentors: fc.tuple(...Array.from({ length: mentors }, (_, i) => mentor(1001 + i))),
        mentees: fc.tuple(...Array.from({ length: mentees }, (_, i) => mentee(1 + i, mentors))),
      }),
    )
    .map(({ mentees, mentors }) => ({ mentees: mentees as MenteeProfile[], mentors: mentors as MentorProfile[] }));
}

/** A random candidate graph with arbitrary integer scores, repeated mentors and mentors without places. */
export function graphArbitrary(options: { maxMentees: number; maxMentors: number; maxDegree: number }) {
  return fc
    .record({
      mentees: fc.integer({ min: 0, max: options.maxMentees }),
      mentors: fc.integer({ min: 1, max: options.maxMentors }),
    })
    .chain(({ mentees, mentors }) =>
      fc.record({
        spare: fc.array(fc.integer({ min: -1, max: 3 }), { minLength: mentors, maxLength: mentors }),
        candidates: fc.array(
          fc.array(fc.record({ mentor: fc.integer({ min: 0, max: mentors - 1 }), score: fc.integer({ min: 0, max: 100 }) }), {
            maxLength: options.maxDegree,
          }),
          { minLength: mentees, maxLength: mentees },
        ),
      }),
    )
    .map(({ spare, candidates }): CandidateGraph => {
      const menteeIds = candidates.map((_, r) => 10 + r);
      return {
        menteeIds,
        candidates: candidates.map((list, r) =>
          list.map(({ mentor, score }) => ({ menteeId: 10 + r, mentorId: 500 + mentor, score, reasons: [] })),
        ),
        // -1 leaves the mentor out of the map: it takes no one.
        spare: new Map(spare.flatMap((places, c): [number, number][] => (places < 0 ? [] : [[500 + c, places]]))),
      };
    });
}

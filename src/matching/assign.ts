// Assignment of mentees to mentors (stage 5): a maximum-total-score b-matching over each mentee's best
// candidates, exact by successive shortest paths, and a greedy pass to compare it with.
import {
  defaultWeights,
  indexMentors,
  rankMentorsInto,
  suggestionAt,
  topCandidatesIn,
  type MatchWeights,
  type MentorIndex,
} from './score';
import type { Assignment, MenteeProfile, MentorProfile, Suggestion } from './types';

export interface AssignOptions {
  /** How many best mentors of each mentee the assignment may choose from. */
  candidatesPerMentee?: number;
  weights?: Readonly<MatchWeights>;
}

/** Who may be paired with whom: each mentee's candidate suggestions and each mentor's spare places. */
export interface CandidateGraph {
  /** Mentee ids in the order they are assigned; candidates[i] are the suggestions for menteeIds[i]. */
  menteeIds: number[];
  candidates: Suggestion[][];
  /** Mentor id -> places left; a mentor missing here takes no one. */
  spare: Map<number, number>;
}

const DEFAULT_CANDIDATES = 20;
/** Highest score; an edge costs MAX_SCORE - score and leaving a mentee without a pair costs MAX_SCORE. */
const MAX_SCORE = 100;
const UNREACHED = 0x3fffffff;

function sortedUniqueMentees(mentees: readonly MenteeProfile[]): MenteeProfile[] {
  const sorted = [...mentees].sort((a, b) => a.id - b.id);
  sorted.forEach((mentee, i) => {
    if (i > 0 && sorted[i - 1]?.id === mentee.id) throw new Error(`duplicate mentee id ${mentee.id}`);
  });
  return sorted;
}

/** Scores every mentee against every mentor and keeps each mentee's best `candidatesPerMentee`. */
export function buildCandidateGraph(
  mentees: readonly MenteeProfile[],
  mentors: readonly MentorProfile[],
  options: AssignOptions = {},
): CandidateGraph {
  const k = options.candidatesPerMentee ?? DEFAULT_CANDIDATES;
  const index = indexMentors(mentors, options.weights ?? defaultWeights);
  const sorted = sortedUniqueMentees(mentees);
  const spare = new Map<number, number>();
  index.mentors.forEach((mentor, m) => spare.set(mentor.id, index.spare[m] ?? 0));
  return {
    menteeIds: sorted.map((mentee) => mentee.id),
    candidates: sorted.map((mentee) => topCandidatesIn(index, mentee, k)),
    spare,
  };
}

/** The candidate graph as flat arrays: edges of row r are edgeStart[r] .. edgeStart[r + 1] - 1. */
interface FlatGraph {
  menteeIds: number[];
  mentorIds: number[];
  edgeStart: Int32Array;
  edgeRow: Int32Array;
  edgeColumn: Int32Array;
  edgeCost: Int32Array;
  spare: Int32Array;
  /** The suggestion an edge stands for, built only for the edges chosen. */
  suggestion: (edge: number) => Suggestion;
}

/**
 * The graph with its rows in mentee id order and each row's candidates by score descending, then
 * mentor id (the first mention of a mentor counts): ties are then broken by ids, whatever order the
 * caller listed mentees and candidates in.
 */
function canonicalCandidates(graph: CandidateGraph): CandidateGraph {
  const rows = graph.menteeIds.length;
  if (graph.candidates.length !== rows) throw new Error('candidate lists do not match the mentees');
  const order = Array.from({ length: rows }, (_, r) => r).sort((a, b) => (graph.menteeIds[a] ?? 0) - (graph.menteeIds[b] ?? 0));
  const candidates = order.map((r) => {
    const firstMentions = new Map<number, Suggestion>();
    for (const s of graph.candidates[r] ?? []) {
      if (s.menteeId !== graph.menteeIds[r]) throw new Error(`a candidate of mentee ${graph.menteeIds[r]} names another mentee`);
      if (!firstMentions.has(s.mentorId)) firstMentions.set(s.mentorId, s);
    }
    return [...firstMentions.values()].sort((a, b) => b.score - a.score || a.mentorId - b.mentorId);
  });
  return { menteeIds: order.map((r) => graph.menteeIds[r] ?? 0), candidates, spare: graph.spare };
}

function flattenCandidates(input: CandidateGraph): FlatGraph {
  const graph = canonicalCandidates(input);
  const rows = graph.menteeIds.length;
  if (new Set(graph.menteeIds).size !== rows) throw new Error('duplicate mentee id in the candidate graph');
  const column = new Map<number, number>();
  const mentorIds: number[] = [];
  const spare: number[] = [];
  const edgeStart = new Int32Array(rows + 1);
  const edgeRow: number[] = [];
  const edgeColumn: number[] = [];
  const edgeCost: number[] = [];
  const edgeSuggestion: Suggestion[] = [];
  for (let r = 0; r < rows; r++) {
    edgeStart[r] = edgeSuggestion.length;
    const menteeId = graph.menteeIds[r];
    const seen = new Set<number>();
    for (const suggestion of graph.candidates[r] ?? []) {
      if (suggestion.menteeId !== menteeId) throw new Error(`a candidate of mentee ${menteeId} names another mentee`);
      if (!Number.isInteger(suggestion.score) || suggestion.score < 0 || suggestion.score > MAX_SCORE) {
        throw new Error(`score ${suggestion.score} is not an integer 0..${MAX_SCORE}`);
      }
      const places = Math.floor(graph.spare.get(suggestion.mentorId) ?? 0);
      if (places <= 0 || seen.has(suggestion.mentorId)) continue;
      seen.add(suggestion.mentorId);
      let c = column.get(suggestion.mentorId);
      if (c === undefined) {
        c = spare.length;
        column.set(suggestion.mentorId, c);
        mentorIds.push(suggestion.mentorId);
        spare.push(places);
      }
      edgeRow.push(r);
      edgeColumn.push(c);
      edgeCost.push(MAX_SCORE - suggestion.score);
      edgeSuggestion.push(suggestion);
    }
  }
  edgeStart[rows] = edgeSuggestion.length;
  return {
    menteeIds: [...graph.menteeIds],
    mentorIds,
    edgeStart,
    edgeRow: Int32Array.from(edgeRow),
    edgeColumn: Int32Array.from(edgeColumn),
    edgeCost: Int32Array.from(edgeCost),
    spare: Int32Array.from(spare),
    suggestion: (edge) => {
      const found = edgeSuggestion[edge];
      if (found === undefined) throw new Error(`no edge ${edge}`);
      return found;
    },
  };
}

/** Scores straight into flat arrays: no suggestion objects until the pairs are known. */
function flattenIndex(index: MentorIndex, mentees: readonly MenteeProfile[], k: number): FlatGraph {
  const rows = mentees.length;
  const perMentee = Math.max(0, Math.min(Math.floor(k), index.mentors.length));
  const edgeStart = new Int32Array(rows + 1);
  const edgeColumn = new Int32Array(rows * perMentee);
  const scores = new Int32Array(rows * perMentee);
  let edges = 0;
  mentees.forEach((mentee, r) => {
    edgeStart[r] = edges;
    edges += rankMentorsInto(index, mentee, perMentee, edgeColumn, scores, edges);
  });
  edgeStart[rows] = edges;
  const edgeRow = new Int32Array(edges);
  const edgeCost = new Int32Array(edges);
  for (let r = 0; r < rows; r++) edgeRow.fill(r, edgeStart[r] ?? 0, edgeStart[r + 1] ?? 0);
  for (let e = 0; e < edges; e++) edgeCost[e] = MAX_SCORE - (scores[e] ?? 0);
  return {
    menteeIds: mentees.map((mentee) => mentee.id),
    mentorIds: index.mentors.map((mentor) => mentor.id),
    edgeStart,
    edgeRow,
    edgeColumn: edgeColumn.subarray(0, edges),
    edgeCost,
    spare: index.spare,
    suggestion: (edge) => {
      const mentee = mentees[edgeRow[edge] ?? -1];
      if (mentee === undefined) throw new Error(`no edge ${edge}`);
      return suggestionAt(index, mentee, edgeColumn[edge] ?? 0, MAX_SCORE - (edgeCost[edge] ?? 0));
    },
  };
}

/** The assignment from the chosen edge of each row (-1: no pair). */
function assignmentOf(g: FlatGraph, assigned: Int32Array): Assignment {
  const pairs: Suggestion[] = [];
  const unassigned: number[] = [];
  let totalScore = 0;
  g.menteeIds.forEach((menteeId, r) => {
    const edge = assigned[r] ?? -1;
    if (edge < 0) {
      unassigned.push(menteeId);
      return;
    }
    const pair = g.suggestion(edge);
    pairs.push(pair);
    totalScore += pair.score;
  });
  pairs.sort((a, b) => a.menteeId - b.menteeId);
  unassigned.sort((a, b) => a - b);
  return { pairs, unassigned, totalScore };
}

/**
 * A maximum-total-score assignment on the candidate graph: each mentee in at most one pair, each
 * mentor within its spare places, only candidate edges used.
 *
 * It is a min-cost flow: source -> mentee (1) -> mentor (cost 100 - score) -> sink (spare places),
 * plus mentee -> sink directly (cost 100: no pair). Every mentee sends one unit, so the cost is
 * 100 * mentees - total score, and a min-cost flow is a max-score assignment. Mentees are added one
 * at a time, each routed along a shortest path in the residual graph from the new mentee to the
 * sink (successive shortest paths restricted to the mentees added so far: after each step the flow
 * is min-cost for those mentees, so after the last it is optimal). Node potentials keep reduced
 * costs non-negative, so Dijkstra applies; reduced distances never exceed 100 (the no-pair edge),
 * so the queue is 101 buckets, and the search stops at the first free mentor or no-pair exit, and
 * only the nodes it settled get their potentials lowered by D - d(v). That update keeps every
 * reduced cost non-negative and the path's edges at zero, which is the invariant the next search
 * needs. Most searches end after the new mentee's own edges, which is why this is fast.
 */
export function solveOptimal(graph: CandidateGraph): Assignment {
  const g = flattenCandidates(graph);
  return assignmentOf(g, optimalEdges(g));
}

/** The optimal assignment's chosen edge per row, -1 for no pair; see solveOptimal. */
function optimalEdges(g: FlatGraph): Int32Array {
  const rows = g.menteeIds.length;
  const columns = g.mentorIds.length;
  const nodes = rows + columns;
  // Node ids: mentees 0..rows-1, mentors rows..rows+columns-1; the sink's potential stays 0.
  const potential = new Int32Array(nodes);
  const dist = new Int32Array(nodes).fill(UNREACHED);
  const settled = new Uint8Array(nodes);
  const predEdge = new Int32Array(nodes).fill(-1);
  const assigned = new Int32Array(rows).fill(-1);
  const load = new Int32Array(columns);
  const slotStart = new Int32Array(columns + 1);
  for (let c = 0; c < columns; c++) slotStart[c + 1] = (slotStart[c] ?? 0) + (g.spare[c] ?? 0);
  const slots = new Int32Array(slotStart[columns] ?? 0);
  const buckets: number[][] = Array.from({ length: MAX_SCORE + 1 }, () => []);
  const touched: number[] = [];
  const popped: number[] = [];

  const at = (array: Int32Array, i: number): number => array[i] ?? 0;
  const addToMentor = (c: number, r: number): void => {
    slots[at(slotStart, c) + at(load, c)] = r;
    load[c] = at(load, c) + 1;
  };
  const removeFromMentor = (c: number, r: number): void => {
    const start = at(slotStart, c);
    const last = start + at(load, c) - 1;
    for (let s = start; s <= last; s++) {
      if (slots[s] === r) {
        slots[s] = at(slots, last);
        load[c] = at(load, c) - 1;
        return;
      }
    }
    throw new Error('matching state broken: mentee not found at its mentor');
  };
  const reach = (node: number, d: number): void => {
    if (at(dist, node) === UNREACHED) touched.push(node);
    dist[node] = d;
  };

  for (let start = 0; start < rows; start++) {
    const first = at(g.edgeStart, start);
    const end = at(g.edgeStart, start + 1);
    // The new mentee has no incoming residual edge: any potential making its edges' reduced costs
    // non-negative is valid. Mentor potentials are <= 0, so this is in -100..0.
    let own = -MAX_SCORE;
    for (let e = first; e < end; e++) own = Math.max(own, at(potential, rows + at(g.edgeColumn, e)) - at(g.edgeCost, e));
    potential[start] = own;

    let bound = MAX_SCORE + own;
    let exit = start;
    reach(start, 0);
    buckets[0]?.push(start);
    for (let d = 0; d < bound; d++) {
      const bucket = buckets[d];
      if (bucket === undefined) break;
      while (bucket.length > 0 && d < bound) {
        const v = bucket.pop() ?? 0;
        if (settled[v] === 1 || at(dist, v) !== d) continue;
        settled[v] = 1;
        popped.push(v);
        const base = d + at(potential, v);
        if (v < rows) {
          const current = at(assigned, v);
          for (let e = at(g.edgeStart, v), stop = at(g.edgeStart, v + 1); e < stop; e++) {
            if (e === current) continue;
            const c = at(g.edgeColumn, e);
            const node = rows + c;
            const nd = base + at(g.edgeCost, e) - at(potential, node);
            if (nd < d) throw new Error('matching state broken: negative reduced cost');
            if (nd >= bound || nd >= at(dist, node)) continue;
            reach(node, nd);
            predEdge[node] = e;
            if (at(load, c) < at(g.spare, c)) {
              bound = nd;
              exit = node;
            } else {
              buckets[nd]?.push(node);
            }
          }
          if (current >= 0 && base + MAX_SCORE < bound) {
            bound = base + MAX_SCORE;
            exit = v;
          }
        } else {
          // A settled mentor is full: its way on is to pass one of its mentees to another mentor.
          const c = v - rows;
          for (let s = at(slotStart, c), stop = s + at(load, c); s < stop; s++) {
            const r = at(slots, s);
            const nd = base - at(g.edgeCost, at(assigned, r)) - at(potential, r);
            if (nd < d) throw new Error('matching state broken: negative reduced cost');
            if (nd >= bound || nd >= at(dist, r)) continue;
            reach(r, nd);
            buckets[nd]?.push(r);
          }
        }
      }
    }

    for (const v of popped) potential[v] = at(potential, v) + at(dist, v) - bound;

    // Augment: walk back from the exit, moving each mentee on the path to the next mentor.
    if (exit !== start) {
      let c: number;
      if (exit < rows) {
        c = at(g.edgeColumn, at(assigned, exit));
        removeFromMentor(c, exit);
        assigned[exit] = -1;
      } else {
        c = exit - rows;
      }
      for (;;) {
        const e = at(predEdge, rows + c);
        const r = at(g.edgeRow, e);
        const previous = at(assigned, r);
        assigned[r] = e;
        addToMentor(c, r);
        if (previous < 0) break;
        c = at(g.edgeColumn, previous);
        removeFromMentor(c, r);
      }
    }

    for (const v of touched) {
      dist[v] = UNREACHED;
      settled[v] = 0;
      predEdge[v] = -1;
    }
    touched.length = 0;
    popped.length = 0;
    for (const bucket of buckets) bucket.length = 0;
  }

  return assigned;
}

/** Takes candidate edges by score (then mentee id, then mentor id) while both sides are free. */
export function solveGreedy(graph: CandidateGraph): Assignment {
  const g = flattenCandidates(graph);
  return assignmentOf(g, greedyEdges(g));
}

function greedyEdges(g: FlatGraph): Int32Array {
  const order = Array.from({ length: g.edgeRow.length }, (_, e) => e);
  const at = (array: Int32Array, i: number): number => array[i] ?? 0;
  const menteeId = (e: number): number => g.menteeIds[at(g.edgeRow, e)] ?? 0;
  const mentorId = (e: number): number => g.mentorIds[at(g.edgeColumn, e)] ?? 0;
  order.sort((a, b) => at(g.edgeCost, a) - at(g.edgeCost, b) || menteeId(a) - menteeId(b) || mentorId(a) - mentorId(b));
  const assigned = new Int32Array(g.menteeIds.length).fill(-1);
  const left = Int32Array.from(g.spare);
  for (const e of order) {
    const r = at(g.edgeRow, e);
    const c = at(g.edgeColumn, e);
    if (at(assigned, r) >= 0 || at(left, c) <= 0) continue;
    assigned[r] = e;
    left[c] = at(left, c) - 1;
  }
  return assigned;
}

function flatGraphOf(mentees: readonly MenteeProfile[], mentors: readonly MentorProfile[], options: AssignOptions): FlatGraph {
  const index = indexMentors(mentors, options.weights ?? defaultWeights);
  return flattenIndex(index, sortedUniqueMentees(mentees), options.candidatesPerMentee ?? DEFAULT_CANDIDATES);
}

/**
 * Scores every mentee against every mentor, keeps each mentee's best `candidatesPerMentee` and
 * assigns optimally over them (see solveOptimal). Same result as solveOptimal(buildCandidateGraph(...)).
 */
export function assignOptimal(
  mentees: readonly MenteeProfile[],
  mentors: readonly MentorProfile[],
  options: AssignOptions = {},
): Assignment {
  const g = flatGraphOf(mentees, mentors, options);
  return assignmentOf(g, optimalEdges(g));
}

/** The same candidates, assigned greedily: for comparison with the optimum. */
export function assignGreedy(
  mentees: readonly MenteeProfile[],
  mentors: readonly MentorProfile[],
  options: AssignOptions = {},
): Assignment {
  const g = flatGraphOf(mentees, mentors, options);
  return assignmentOf(g, greedyEdges(g));
}

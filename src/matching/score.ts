// Scoring of mentee–mentor candidates (stage 5): who is compatible, an integer score 0..100 with its
// reasons as data, and a mentor index that makes scoring every mentee against every mentor cheap.
import type { MatchReason, MeetingFormat, MenteeProfile, MentorProfile, Suggestion } from './types';

/**
 * Points of each criterion. The score is the sum of the points earned, scaled so that the best
 * possible pair gets 100 (with the default weights the maximum is already 100), then rounded half up.
 */
export interface MatchWeights {
  /** Times the share of the mentee's requests covered by the mentor's competences. */
  topics: number;
  /** A compatible format (equal, or either side 'any'); 0 for online vs offline when not strict. */
  format: number;
  /** Times min(shared slots, 2) / min(mentee's slots, 2): two common slots are enough to meet. Half when either side named none. */
  time: number;
  /** Both sides name forms and share one; half when either side accepts any form. */
  form: number;
  /** Times spare / capacity of the mentor: a little, so that load spreads over mentors. */
  capacity: number;
  /** Times min(shared interest words, 3) / 3. */
  interests: number;
  /** Each side named the other in the preference round (replaces the two one-sided weights). */
  mutualPreference: number;
  menteePrefers: number;
  mentorPrefers: number;
  /** Online vs offline excludes the pair when true; when false it only earns no format points. */
  strictFormat: boolean;
}

/**
 * The requests weigh most (40): a mentor is there to help with them. Time (15) comes next, since a
 * pair that cannot meet fails; preferences matter a lot when mutual (20), less when one-sided.
 * Format, form, spare capacity and interests refine the order among similar mentors.
 */
export const defaultWeights: Readonly<MatchWeights> = {
  topics: 40,
  format: 10,
  time: 15,
  form: 5,
  capacity: 5,
  interests: 5,
  mutualPreference: 20,
  menteePrefers: 12,
  mentorPrefers: 8,
  strictFormat: true,
};

/** Common slots beyond this many add nothing: two chances a week to meet are enough. */
const TIME_SLOTS_ENOUGH = 2;
/** Shared interest words beyond this many add nothing. */
const INTERESTS_ENOUGH = 3;
/**
 * Sums of thirds and quarters are not exact in binary: 20 + 5/3 + 10/3 + ... meant to be 47.5 comes
 * out as 47.4999999 and would round down. Exact scores are multiples of at least 1e-6 apart from a
 * half, so this nudge only repairs the float error and rounds exact halves up as documented.
 */
const ROUNDING_SLACK = 1e-9;

const FORMAT_CODE: Record<MeetingFormat, number> = { any: 0, online: 1, offline: 2 };
const FORMATS: readonly MeetingFormat[] = ['any', 'online', 'offline'];

/** Bits of ids from one vocabulary, `words` 32-bit words per profile. */
interface Vocabulary {
  bit: Map<string, number>;
  words: number;
}

interface MentorSets {
  competences: Set<string>;
  slots: Set<string>;
  forms: Set<string>;
  interests: Set<string>;
}

/**
 * Ready mentors with spare capacity, sorted by id, precomputed for scoring: ids of topics, slots
 * and forms as bit sets, interests as an inverted index, preferences as lookups. Plain data; the two
 * scratch arrays are reused between calls and always left zeroed.
 */
export interface MentorIndex {
  weights: Readonly<MatchWeights>;
  scale: number;
  mentors: MentorProfile[];
  position: Map<number, number>;
  topics: Vocabulary;
  slots: Vocabulary;
  forms: Vocabulary;
  topicBits: Uint32Array;
  slotBits: Uint32Array;
  formBits: Uint32Array;
  slotCount: Uint16Array;
  formCount: Uint16Array;
  format: Uint8Array;
  capacityPoints: Float64Array;
  spare: Int32Array;
  sets: MentorSets[];
  interestPostings: Map<string, Int32Array>;
  /** Mentee id -> positions of the mentors who named that mentee. */
  preferredBy: Map<number, number[]>;
  scratchInterests: Uint16Array;
  scratchPreference: Uint8Array;
}

const MENTEE_PREFERS = 1;
const MENTOR_PREFERS = 2;

/** Interest words are free text: compare them case-insensitively, with ё as е. */
export function normaliseWord(word: string): string {
  return word.normalize('NFKC').trim().toLowerCase().replaceAll('ё', 'е');
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function uniqueWords(values: readonly string[]): string[] {
  return unique(values.map(normaliseWord).filter((word) => word.length > 0));
}

function vocabularyOf(lists: Iterable<readonly string[]>): Vocabulary {
  const bit = new Map<string, number>();
  for (const list of lists) for (const id of list) if (!bit.has(id)) bit.set(id, bit.size);
  return { bit, words: Math.max(1, Math.ceil(bit.size / 32)) };
}

function setBits(vocabulary: Vocabulary, ids: readonly string[], target: Uint32Array, offset: number): void {
  for (const id of ids) {
    const bit = vocabulary.bit.get(id);
    if (bit === undefined) continue;
    const word = offset + (bit >>> 5);
    target[word] = (target[word] ?? 0) | (1 << (bit & 31));
  }
}

function popcount(value: number): number {
  let x = value - ((value >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

function overlap(query: Uint32Array, bits: Uint32Array, offset: number, words: number): number {
  if (words === 1) return popcount((query[0] ?? 0) & (bits[offset] ?? 0));
  let shared = 0;
  for (let w = 0; w < words; w++) shared += popcount((query[w] ?? 0) & (bits[offset + w] ?? 0));
  return shared;
}

function scaleOf(weights: Readonly<MatchWeights>): number {
  const values = [
    weights.topics,
    weights.format,
    weights.time,
    weights.form,
    weights.capacity,
    weights.interests,
    weights.mutualPreference,
    weights.menteePrefers,
    weights.mentorPrefers,
  ];
  if (values.some((value) => !Number.isFinite(value) || value < 0)) {
    throw new Error('match weights must be finite and non-negative');
  }
  const best =
    weights.topics +
    weights.format +
    weights.time +
    weights.form +
    weights.capacity +
    weights.interests +
    Math.max(weights.mutualPreference, weights.menteePrefers, weights.mentorPrefers);
  if (best <= 0) throw new Error('match weights must not all be zero');
  return 100 / best;
}

/** Spare places of a mentor; not ready or full mentors have none. */
export function spareOf(mentor: MentorProfile): number {
  return mentor.ready ? Math.max(0, Math.floor(mentor.capacity) - Math.max(0, Math.floor(mentor.load))) : 0;
}

export function indexMentors(mentors: readonly MentorProfile[], weights: Readonly<MatchWeights> = defaultWeights): MentorIndex {
  const scale = scaleOf(weights);
  const seen = new Set<number>();
  for (const mentor of mentors) {
    if (seen.has(mentor.id)) throw new Error(`duplicate mentor id ${mentor.id}`);
    seen.add(mentor.id);
  }
  const eligible = mentors.filter((mentor) => spareOf(mentor) > 0).sort((a, b) => a.id - b.id);
  const count = eligible.length;
  const sets = eligible.map(
    (mentor): MentorSets => ({
      competences: new Set(mentor.competences),
      slots: new Set(mentor.freeTime),
      forms: new Set(mentor.forms),
      interests: new Set(uniqueWords(mentor.interests)),
    }),
  );
  const topics = vocabularyOf(sets.map((s) => [...s.competences]));
  const slots = vocabularyOf(sets.map((s) => [...s.slots]));
  const forms = vocabularyOf(sets.map((s) => [...s.forms]));
  const topicBits = new Uint32Array(count * topics.words);
  const slotBits = new Uint32Array(count * slots.words);
  const formBits = new Uint32Array(count * forms.words);
  const slotCount = new Uint16Array(count);
  const formCount = new Uint16Array(count);
  const format = new Uint8Array(count);
  const capacityPoints = new Float64Array(count);
  const spare = new Int32Array(count);
  const position = new Map<number, number>();
  const postings = new Map<string, number[]>();
  const preferredBy = new Map<number, number[]>();

  eligible.forEach((mentor, m) => {
    const own = sets[m];
    if (own === undefined) return;
    position.set(mentor.id, m);
    setBits(topics, [...own.competences], topicBits, m * topics.words);
    setBits(slots, [...own.slots], slotBits, m * slots.words);
    setBits(forms, [...own.forms], formBits, m * forms.words);
    slotCount[m] = own.slots.size;
    formCount[m] = own.forms.size;
    format[m] = FORMAT_CODE[mentor.format];
    spare[m] = spareOf(mentor);
    capacityPoints[m] = (weights.capacity * spareOf(mentor)) / Math.max(1, Math.floor(mentor.capacity));
    for (const word of own.interests) {
      const list = postings.get(word);
      if (list === undefined) postings.set(word, [m]);
      else list.push(m);
    }
    for (const menteeId of new Set(mentor.preferredMentees ?? [])) {
      const list = preferredBy.get(menteeId);
      if (list === undefined) preferredBy.set(menteeId, [m]);
      else list.push(m);
    }
  });

  const interestPostings = new Map<string, Int32Array>();
  for (const [word, list] of postings) interestPostings.set(word, Int32Array.from(list));

  return {
    weights,
    scale,
    mentors: eligible,
    position,
    topics,
    slots,
    forms,
    topicBits,
    slotBits,
    formBits,
    slotCount,
    formCount,
    format,
    capacityPoints,
    spare,
    sets,
    interestPostings,
    preferredBy,
    scratchInterests: new Uint16Array(count),
    scratchPreference: new Uint8Array(count),
  };
}

/** A mentee translated into the index's bit sets. */
interface MenteeQuery {
  requests: string[];
  slots: string[];
  forms: string[];
  interests: string[];
  requestBits: Uint32Array;
  slotBits: Uint32Array;
  formBits: Uint32Array;
  format: number;
}

function queryOf(index: MentorIndex, mentee: MenteeProfile): MenteeQuery {
  const requests = unique(mentee.requests);
  const slots = unique(mentee.freeTime);
  const forms = unique(mentee.forms);
  const requestBits = new Uint32Array(index.topics.words);
  const slotBits = new Uint32Array(index.slots.words);
  const formBits = new Uint32Array(index.forms.words);
  setBits(index.topics, requests, requestBits, 0);
  setBits(index.slots, slots, slotBits, 0);
  setBits(index.forms, forms, formBits, 0);
  return {
    requests,
    slots,
    forms,
    interests: uniqueWords(mentee.interests),
    requestBits,
    slotBits,
    formBits,
    format: FORMAT_CODE[mentee.format],
  };
}

/** Fills the scratch arrays with shared interest counts and preference flags; returns the touched mentors. */
function markScratch(index: MentorIndex, mentee: MenteeProfile, query: MenteeQuery): number[] {
  const touched: number[] = [];
  const interests = index.scratchInterests;
  const preference = index.scratchPreference;
  for (const word of query.interests) {
    const list = index.interestPostings.get(word);
    if (list === undefined) continue;
    for (const m of list) {
      interests[m] = (interests[m] ?? 0) + 1;
      touched.push(m);
    }
  }
  for (const mentorId of new Set(mentee.preferredMentors ?? [])) {
    const m = index.position.get(mentorId);
    if (m === undefined) continue;
    preference[m] = (preference[m] ?? 0) | MENTEE_PREFERS;
    touched.push(m);
  }
  for (const m of index.preferredBy.get(mentee.id) ?? []) {
    preference[m] = (preference[m] ?? 0) | MENTOR_PREFERS;
    touched.push(m);
  }
  return touched;
}

function clearScratch(index: MentorIndex, touched: readonly number[]): void {
  for (const m of touched) {
    index.scratchInterests[m] = 0;
    index.scratchPreference[m] = 0;
  }
}

/** Points earned for each possible shared count, computed once per mentee so the mentor loop only adds. */
interface PointTables {
  topics: Float64Array;
  time: Float64Array;
  interests: Float64Array;
  preference: Float64Array;
}

function pointTables(weights: Readonly<MatchWeights>, query: MenteeQuery): PointTables {
  const requests = query.requests.length;
  const slots = query.slots.length;
  const topics = new Float64Array(requests + 1);
  for (let shared = 1; shared <= requests; shared++) topics[shared] = (weights.topics * shared) / requests;
  const time = new Float64Array(slots + 1);
  for (let shared = 1; shared <= slots; shared++) {
    time[shared] = (weights.time * Math.min(shared, TIME_SLOTS_ENOUGH)) / Math.min(slots, TIME_SLOTS_ENOUGH);
  }
  const interests = new Float64Array(INTERESTS_ENOUGH + 1);
  for (let shared = 1; shared <= INTERESTS_ENOUGH; shared++) interests[shared] = (weights.interests * shared) / INTERESTS_ENOUGH;
  const preference = new Float64Array(4);
  preference[MENTEE_PREFERS] = weights.menteePrefers;
  preference[MENTOR_PREFERS] = weights.mentorPrefers;
  preference[MENTEE_PREFERS | MENTOR_PREFERS] = weights.mutualPreference;
  return { topics, time, interests, preference };
}

/**
 * Writes the mentee's k best mentor positions and their scores into `positions` and `scores` from
 * `offset`, best first (score descending, then mentor id ascending); returns how many. Incompatible
 * mentors are skipped. One pass over the mentors with bit-set arithmetic and table lookups.
 */
export function rankMentorsInto(
  index: MentorIndex,
  mentee: MenteeProfile,
  k: number,
  positions: Int32Array,
  scores: Int32Array,
  offset: number,
): number {
  const count = index.mentors.length;
  const limit = Math.min(Math.floor(k), count);
  if (limit <= 0) return 0;
  const query = queryOf(index, mentee);
  const tables = pointTables(index.weights, query);
  const touched = markScratch(index, mentee, query);

  const { weights, scale, format, formCount, formBits, topicBits, slotBits, slotCount, capacityPoints } = index;
  const { scratchInterests, scratchPreference } = index;
  const strict = weights.strictFormat;
  const menteeFormat = query.format;
  const menteeNamesForms = query.forms.length > 0;
  const menteeNamesSlots = query.slots.length > 0;
  const halfForm = weights.form / 2;
  const halfTime = weights.time / 2;
  const topicWords = index.topics.words;
  const slotWords = index.slots.words;
  const formWords = index.forms.words;
  // Up to 32 ids per vocabulary (the usual case): one machine word each, no loops.
  const singleWord = topicWords === 1 && slotWords === 1 && formWords === 1;
  const menteeTopics = query.requestBits[0] ?? 0;
  const menteeSlots = query.slotBits[0] ?? 0;
  const menteeForms = query.formBits[0] ?? 0;
  const formatWeight = weights.format;
  const { topics: topicTable, time: timeTable, interests: interestTable, preference: preferenceTable } = tables;
  // Ascending keys: score * count + (count - 1 - m), so a higher score, then a lower id, is larger.
  const keys = new Float64Array(limit);
  let filled = 0;
  try {
    for (let m = 0; m < count; m++) {
      const mentorFormat = format[m] ?? 0;
      const formatOk = menteeFormat === 0 || mentorFormat === 0 || menteeFormat === mentorFormat;
      if (!formatOk && strict) continue;
      let formPoints = halfForm;
      if (menteeNamesForms && (formCount[m] ?? 0) > 0) {
        const shared = singleWord
          ? (menteeForms & (formBits[m] ?? 0)) !== 0
          : overlap(query.formBits, formBits, m * formWords, formWords) > 0;
        if (!shared) continue;
        formPoints = weights.form;
      }
      let timePoints = halfTime;
      if (menteeNamesSlots && (slotCount[m] ?? 0) > 0) {
        const shared = singleWord
          ? popcount(menteeSlots & (slotBits[m] ?? 0))
          : overlap(query.slotBits, slotBits, m * slotWords, slotWords);
        timePoints = timeTable[shared] ?? 0;
      }
      const sharedTopics = singleWord
        ? popcount(menteeTopics & (topicBits[m] ?? 0))
        : overlap(query.requestBits, topicBits, m * topicWords, topicWords);
      const points =
        formPoints +
        (formatOk ? formatWeight : 0) +
        (capacityPoints[m] ?? 0) +
        (topicTable[sharedTopics] ?? 0) +
        timePoints +
        (interestTable[Math.min(scratchInterests[m] ?? 0, INTERESTS_ENOUGH)] ?? 0) +
        (preferenceTable[scratchPreference[m] ?? 0] ?? 0);
      const score = Math.min(100, Math.max(0, Math.round(points * scale + ROUNDING_SLACK)));
      const key = score * count + (count - 1 - m);
      if (filled === limit && key <= (keys[0] ?? 0)) continue;
      let at: number;
      if (filled < limit) {
        // Growing: shift larger keys up to make room.
        at = filled;
        filled += 1;
        while (at > 0 && (keys[at - 1] ?? 0) > key) {
          keys[at] = keys[at - 1] ?? 0;
          at -= 1;
        }
      } else {
        // Full: drop the minimum, shift smaller keys down.
        at = 0;
        while (at + 1 < filled && (keys[at + 1] ?? 0) < key) {
          keys[at] = keys[at + 1] ?? 0;
          at += 1;
        }
      }
      keys[at] = key;
    }
  } finally {
    clearScratch(index, touched);
  }

  for (let i = 0; i < filled; i++) {
    const key = keys[filled - 1 - i] ?? 0;
    const score = Math.floor(key / count);
    positions[offset + i] = count - 1 - (key - score * count);
    scores[offset + i] = score;
  }
  return filled;
}

/** Why mentor position `m` suits the mentee, strongest reasons first. */
function reasonsFor(index: MentorIndex, mentee: MenteeProfile, query: MenteeQuery, m: number): MatchReason[] {
  const mentor = index.mentors[m];
  const own = index.sets[m];
  if (mentor === undefined || own === undefined) return [];
  const reasons: MatchReason[] = [];

  const menteePrefers = (mentee.preferredMentors ?? []).includes(mentor.id);
  const mentorPrefers = (mentor.preferredMentees ?? []).includes(mentee.id);
  if (menteePrefers && mentorPrefers) reasons.push({ kind: 'mutual-preference' });
  else if (menteePrefers) reasons.push({ kind: 'mentee-prefers' });
  else if (mentorPrefers) reasons.push({ kind: 'mentor-prefers' });

  const topics = query.requests.filter((id) => own.competences.has(id));
  if (topics.length > 0) reasons.push({ kind: 'shared-topics', topics });

  if (query.slots.length > 0 && own.slots.size > 0) {
    const slots = query.slots.filter((id) => own.slots.has(id));
    reasons.push(slots.length > 0 ? { kind: 'time-overlap', slots } : { kind: 'no-common-time' });
  }

  const mentorFormat = index.format[m] ?? 0;
  if (query.format === 0 || mentorFormat === 0 || query.format === mentorFormat) {
    reasons.push({ kind: 'format-match', format: FORMATS[query.format === 0 ? mentorFormat : query.format] ?? 'any' });
  } else {
    reasons.push({ kind: 'format-mismatch' });
  }

  const form = query.forms.find((id) => own.forms.has(id));
  if (form !== undefined) reasons.push({ kind: 'form-match', form });

  const words = query.interests.filter((word) => own.interests.has(word));
  if (words.length > 0) reasons.push({ kind: 'shared-interests', words });

  reasons.push({ kind: 'spare-capacity', spare: index.spare[m] ?? 0 });
  return reasons;
}

/** The suggestion for the mentor at `position` of the index, with its reasons. */
export function suggestionAt(index: MentorIndex, mentee: MenteeProfile, position: number, score: number): Suggestion {
  const mentor = index.mentors[position];
  if (mentor === undefined) throw new Error(`no mentor at position ${position}`);
  return { menteeId: mentee.id, mentorId: mentor.id, score, reasons: reasonsFor(index, mentee, queryOf(index, mentee), position) };
}

/** The k best suggestions for a mentee among the indexed mentors: score descending, ties by mentor id. */
export function topCandidatesIn(index: MentorIndex, mentee: MenteeProfile, k: number): Suggestion[] {
  const limit = Math.max(0, Math.min(Math.floor(k), index.mentors.length));
  const positions = new Int32Array(limit);
  const scores = new Int32Array(limit);
  const found = rankMentorsInto(index, mentee, limit, positions, scores, 0);
  const query = queryOf(index, mentee);
  const suggestions: Suggestion[] = [];
  for (let i = 0; i < found; i++) {
    const m = positions[i] ?? 0;
    const mentor = index.mentors[m];
    if (mentor === undefined) continue;
    suggestions.push({ menteeId: mentee.id, mentorId: mentor.id, score: scores[i] ?? 0, reasons: reasonsFor(index, mentee, query, m) });
  }
  return suggestions;
}

/** The k best suggestions for a mentee: score descending, ties by mentor id ascending. */
export function topCandidates(
  mentee: MenteeProfile,
  mentors: readonly MentorProfile[],
  k: number,
  weights: Readonly<MatchWeights> = defaultWeights,
): Suggestion[] {
  return topCandidatesIn(indexMentors(mentors, weights), mentee, k);
}

/** One pair's suggestion, or undefined when the mentor is not ready, full, or incompatible. */
export function scoreCandidate(
  mentee: MenteeProfile,
  mentor: MentorProfile,
  weights: Readonly<MatchWeights> = defaultWeights,
): Suggestion | undefined {
  return topCandidatesIn(indexMentors([mentor], weights), mentee, 1)[0];
}

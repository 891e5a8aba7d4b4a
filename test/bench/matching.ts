// Benchmark of matching: 10,000 mentees and 2,000 mentors from a seeded generator, scored and assigned
// optimally; wall time (median of 3), peak RSS and the greedy total for comparison.
import { performance } from 'node:perf_hooks';
import { assignGreedy, assignOptimal } from '../../src/matching/assign';
import type { MeetingFormat, MenteeProfile, MentorProfile } from '../../src/matching/types';

import type { BenchResult } from './result';
import { median, runIfMain } from './support';

const MENTEES = 10_000;
const MENTORS = 2_000;
const RUNS = 3;
const TIME_TARGET_MS = 2_000;
const RSS_TARGET_MB = 500;

const TOPICS = [
  'math', 'physics', 'chemistry', 'biology', 'russian', 'literature', 'english', 'history',
  'informatics', 'olympiads', 'exams', 'projects', 'career', 'adaptation', 'leadership',
];
const SLOTS = ['weekday_morning', 'weekday_afternoon', 'weekday_evening', 'weekend_morning', 'weekend_afternoon', 'weekend_evening'];
const FORMS = ['student-student', 'teacher-teacher', 'teacher-student', 'university-student', 'employer-student', 'employer-university'];
const WORDS = [
  'шахматы', 'футбол', 'музыка', 'рисование', 'программирование', 'робототехника', 'театр', 'танцы',
  'книги', 'кино', 'фотография', 'туризм', 'волонтерство', 'дебаты', 'плавание', 'языки', 'игры',
  'экология', 'астрономия', 'история', 'журналистика', 'дизайн', 'бизнес', 'психология',
];
const FORMATS: MeetingFormat[] = ['online', 'offline', 'any', 'any'];

/** mulberry32: small, fast, reproducible. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function generateMatchingInput(seed: number): { mentees: MenteeProfile[]; mentors: MentorProfile[] } {
  const random = prng(seed);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const some = <T>(list: readonly T[], min: number, max: number): T[] => {
    const chosen = new Set<T>();
    const size = int(min, max);
    while (chosen.size < size) chosen.add(pick(list));
    return [...chosen];
  };
  const mentors = Array.from({ length: MENTORS }, (_, i): MentorProfile => {
    const capacity = int(1, 5);
    return {
      id: 100_000 + i,
      competences: some(TOPICS, 2, 5),
      interests: some(WORDS, 0, 4),
      format: pick(FORMATS),
      freeTime: some(SLOTS, 1, 4),
      forms: random() < 0.2 ? [] : some(FORMS, 1, 3),
      capacity,
      load: random() < 0.2 ? int(0, capacity - 1) : 0,
      ready: random() < 0.9,
      preferredMentees: random() < 0.1 ? Array.from({ length: int(1, 3) }, () => int(0, MENTEES - 1)) : [],
    };
  });
  const mentees = Array.from({ length: MENTEES }, (_, i): MenteeProfile => ({
    id: i,
    requests: some(TOPICS, 1, 3),
    interests: some(WORDS, 0, 3),
    format: pick(FORMATS),
    freeTime: some(SLOTS, 1, 3),
    forms: random() < 0.2 ? [] : some(FORMS, 1, 2),
    preferredMentors: random() < 0.15 ? Array.from({ length: int(1, 3) }, () => pick(mentors).id) : [],
  }));
  return { mentees, mentors };
}

export async function benchMatching(): Promise<BenchResult[]> {
  const { mentees, mentors } = generateMatchingInput(20_261_101);
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 5);

  const totals: number[] = [];
  let optimal = { totalScore: 0, pairs: 0, unassigned: 0 };
  for (let run = 0; run < RUNS; run++) {
    // Yield so the sampler runs between runs; the measured work itself is synchronous.
    await new Promise((resolve) => setTimeout(resolve, 10));
    const started = performance.now();
    const result = assignOptimal(mentees, mentors, { candidatesPerMentee: 20 });
    totals.push(performance.now() - started);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    optimal = { totalScore: result.totalScore, pairs: result.pairs.length, unassigned: result.unassigned.length };
  }
  const baseline = assignGreedy(mentees, mentors, { candidatesPerMentee: 20 });
  const greedy = { totalScore: baseline.totalScore, pairs: baseline.pairs.length };
  clearInterval(sampler);
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  const peakMb = Math.max(peakRss / 1_048_576, maxRssMb);
  const wall = median(totals);
  const gain = greedy.totalScore > 0 ? (100 * (optimal.totalScore - greedy.totalScore)) / greedy.totalScore : 0;

  return [
    {
      name: `matching ${MENTEES} mentees x ${MENTORS} mentors: scoring + optimal assignment`,
      figure: `${wall.toFixed(0)} ms`,
      target: `< ${TIME_TARGET_MS} ms`,
      pass: wall < TIME_TARGET_MS,
      details: Object.fromEntries(totals.map((ms, run) => [`run${run + 1}Ms`, Math.round(ms)])),
    },
    {
      name: 'matching peak RSS',
      figure: `${peakMb.toFixed(0)} MB`,
      target: `< ${RSS_TARGET_MB} MB`,
      pass: peakMb < RSS_TARGET_MB,
    },
    {
      name: 'matching optimal total vs greedy',
      figure: `${optimal.totalScore} vs ${greedy.totalScore} (+${gain.toFixed(2)} %)`,
      target: 'optimal >= greedy',
      pass: optimal.totalScore >= greedy.totalScore,
      details: {
        optimalTotal: optimal.totalScore,
        optimalPairs: optimal.pairs,
        unassigned: optimal.unassigned,
        greedyTotal: greedy.totalScore,
        greedyPairs: greedy.pairs,
      },
    },
  ];
}

await runIfMain(import.meta.url, benchMatching);

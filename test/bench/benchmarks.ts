// The benchmarks `npm run bench` knows, in the order they run: each is a module under test/bench
// exporting an async function that returns BenchResult rows.

export interface BenchmarkEntry {
  name: string;
  /** File under test/bench. */
  file: string;
  /** The exported function that runs it. */
  run: string;
  about: string;
}

export const benchmarks: readonly BenchmarkEntry[] = [
  { name: 'inbound', file: 'inbound.ts', run: 'benchInbound', about: 'simulated users answering the intake through grammY + engine on PostgreSQL, beside pgbench -N' },
  { name: 'fanout', file: 'fanout.ts', run: 'benchFanout', about: '100,000 due reminders over two scheduler instances; the Telegram rate limit' },
  { name: 'matching', file: 'matching.ts', run: 'benchMatching', about: 'optimal assignment of 10,000 mentees to 2,000 mentors' },
  { name: 'reports', file: 'reports.ts', run: 'benchReports', about: 'regional summary and an organisation export over a seeded region' },
  { name: 'memory', file: 'memory.ts', run: 'benchMemory', about: 'peak RSS of one instance with 10,000 people mid-questionnaire' },
];

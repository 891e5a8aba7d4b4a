// What every benchmark returns; test/bench/run.ts prints them as one table.
export interface BenchResult {
  name: string;
  /** The measured figure, formatted, e.g. "2,710 updates/s". */
  figure: string;
  /** The target in words, e.g. "≥ 2,500 updates/s". */
  target: string;
  pass: boolean;
  details?: Record<string, number | string>;
}

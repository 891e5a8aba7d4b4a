// Fuzz, Telegram, first half: 5,000 generated updates through the real grammY adapter and engine
// (test/reliability/support/telegram-fuzz.ts); the second half runs with another seed in its own
// file, so each stays well under a minute. Nothing crashes or logs an error, every update that
// deserves an answer gets one in its person's language, and what is stored stays consistent.
import { describe, expect, it } from 'vitest';
import { runTelegramFuzz } from './support/telegram-fuzz';

const UPDATES = Number(process.env.FUZZ_UPDATES ?? 5_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_123);

describe(`Telegram fuzz (${UPDATES} generated updates, seed ${SEED})`, () => {
  it("survives every update, answers each one that deserves an answer in its person's language, and keeps the data consistent", async () => {
    const outcome = await runTelegramFuzz({ updates: UPDATES, seed: SEED });
    console.info(`telegram fuzz seed ${SEED}:`, JSON.stringify({ ...outcome, errors: outcome.errors.length, problems: outcome.problems.length, stored: outcome.stored.length }));

    expect(outcome.tried).toBeGreaterThanOrEqual(UPDATES);
    expect(outcome.rejections).toBe(0);
    expect({ errors: outcome.errors.slice(0, 10), problems: outcome.problems.slice(0, 20), stored: outcome.stored.slice(0, 20) }).toEqual({
      errors: [],
      problems: [],
      stored: [],
    });
  }, 180_000);
});

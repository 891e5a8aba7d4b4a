// Fuzz, VK, second half: 5,000 generated community events through the VK adapter's translate path and
// the real engine (test/reliability/support/vk-fuzz.ts), every reply planned into VK messages and
// keyboards; the first half runs with another seed in its own file, so each stays under a minute.
// Nothing crashes or logs an error, every event that deserves an answer gets one in its person's
// language, VK would accept every reply, and what is stored stays consistent.
import { describe, expect, it } from 'vitest';
import { runVkFuzz } from './support/vk-fuzz';

const UPDATES = Number(process.env.FUZZ_UPDATES ?? 5_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_123) + 1;

describe(`VK fuzz (${UPDATES} generated events, seed ${SEED})`, () => {
  it("survives every event, answers each one that deserves an answer in its person's language, and keeps the data consistent", async () => {
    const outcome = await runVkFuzz({ updates: UPDATES, seed: SEED });
    console.info(`vk fuzz seed ${SEED}:`, JSON.stringify({ ...outcome, errors: outcome.errors.length, problems: outcome.problems.length, stored: outcome.stored.length }));

    expect(outcome.tried).toBeGreaterThanOrEqual(UPDATES);
    expect(outcome.rejections).toBe(0);
    expect({ errors: outcome.errors.slice(0, 10), problems: outcome.problems.slice(0, 20), stored: outcome.stored.slice(0, 20) }).toEqual({
      errors: [],
      problems: [],
      stored: [],
    });
  }, 180_000);
});

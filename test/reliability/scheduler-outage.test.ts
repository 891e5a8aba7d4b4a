// The scheduler while PostgreSQL is away (a private throw-away cluster, test/support/pg-cluster.ts):
// one warning when the database goes, one line when it is back, not a warning per loop and tick in
// between; and the work that fell due meanwhile is done once it is back.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../../db/client';
import { scheduleJob } from '../../src/jobs/jobs';
import { startScheduler, type Scheduler } from '../../src/jobs/scheduler';
import type { JobHandler } from '../../src/jobs/types';
import { createLogger } from '../../src/logger';
import { startPgCluster, type PgCluster } from '../support/pg-cluster';
import { fakeSender, flowDeps } from '../src/jobs/support';
import { eventually } from './support/journey';

let cluster: PgCluster;
let database: Database;
let scheduler: Scheduler | undefined;
const lines: { level: number; msg: string; failedPasses?: number }[] = [];
const ran: string[] = [];

beforeAll(async () => {
  cluster = await startPgCluster();
  database = createDatabase({ url: cluster.url, poolSize: 2 });
  await database.migrate();
}, 60_000);

afterAll(async () => {
  await scheduler?.stop();
  await database?.close();
  await cluster?.destroy();
});

describe('the scheduler while the database is away', () => {
  it('warns once when it goes, says once when it is back, and then runs what fell due', { timeout: 60_000 }, async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n')) if (line.startsWith('{')) lines.push(JSON.parse(line) as (typeof lines)[number]);
        done();
      },
    });
    const remember: JobHandler = async (ctx) => {
      ran.push(ctx.job.key);
    };
    scheduler = startScheduler({
      database,
      handlers: new Map([['test.remember', remember]]),
      deps: flowDeps(),
      senders: [fakeSender()],
      logger: createLogger('info', sink),
      instanceId: 'outage',
    });
    scheduler.tick();
    await scheduler.idle();
    expect(lines.filter((l) => l.level >= 40)).toEqual([]);

    await cluster.stop('immediate');
    try {
      // Some five ticks of both loops with the database away.
      await new Promise((resolve) => setTimeout(resolve, 5_500));
    } finally {
      await cluster.start();
    }
    await scheduleJob(database.db, { kind: 'test.remember', key: 'after-outage', dueAt: new Date(), payload: {} });
    await eventually(async () => ran.includes('after-outage'), 'the job due after the outage to run', 20_000);
    // (the line is written once the pass that ran it has finished)
    await eventually(async () => lines.some((l) => l.msg === 'database available again: scheduled work resumed'), 'the line saying it is back');

    const warnings = lines.filter((l) => l.level === 40);
    expect(warnings.map((l) => l.msg)).toEqual([expect.stringContaining('database unavailable')]);
    const back = lines.filter((l) => l.msg === 'database available again: scheduled work resumed');
    expect(back).toHaveLength(1);
    expect(back[0]?.failedPasses).toBeGreaterThanOrEqual(4);
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
  });
});

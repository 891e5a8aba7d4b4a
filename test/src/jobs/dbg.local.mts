import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { createDatabase } from '../../../db/client';
import { runDueJobs, scheduleJob } from '../../../src/jobs/jobs';
import { sendDueOutbox } from '../../../src/jobs/outbox';
import { createI18n } from '../../../src/i18n';
import { createLogger } from '../../../src/logger';
import { identities, people } from '../../../db/schema';

const name = 'nastavnik_dbg_jobs';
const admin = postgres('postgres://postgres@127.0.0.1:5432/test', { max: 1, onnotice: () => undefined });
await admin.unsafe(`drop database if exists ${name} with (force)`);
await admin.unsafe(`create database ${name}`);
await admin.end();
let queries = 0;
const database = createDatabase({ url: `postgres://postgres@127.0.0.1:5432/${name}`, poolSize: 4, onQuery: () => { queries++; } });
await database.migrate();
const i18n = createI18n();
const logger = createLogger('silent');
const ps = await database.db.insert(people).values(Array.from({ length: 200 }, (_, i) => ({ fullName: `P${i}`, locale: 'ru' }))).returning();
await database.db.insert(identities).values(ps.map((p) => ({ personId: p.id, platform: 'telegram' as const, externalId: String(p.id), chatId: String(p.id) })));
const N = Number(process.argv[2] ?? 3000);
await database.db.execute(sql`insert into jobs (kind, key, due_at, payload) select 'k', 'j:' || g, now() - interval '1 minute', jsonb_build_object('people', jsonb_build_array(${ps[0]!.id} + g % 200, ${ps[0]!.id} + (g+1) % 200)) from generate_series(1, ${N}) g`);
const handlers = new Map([['k', async (ctx: any) => { for (const p of ctx.job.payload.people) await ctx.notify(p, (t: any) => ({ text: t('jobs-unreachable-notice', { name: 'x', messenger: 'telegram', programmes: 'y' }) })); }]]);
queries = 0;
let t = performance.now();
let total = 0;
for (;;) { const r = await runDueJobs(database, { now: new Date(), handlers, deps: { i18n, logger, catalog: {} as any }, limit: 2000, batchSize: Number(process.argv[3] ?? 50) }); total += r.ran; if (r.ran === 0) break; }
console.log('jobs', total, 'in', (performance.now() - t).toFixed(0), 'ms', 'queries', queries);
queries = 0; t = performance.now();
let sent = 0;
const sender = { platform: 'telegram' as const, async send() { sent++; } };
for (;;) { const r = await sendDueOutbox(database, sender, { now: new Date(), i18n, logger, limit: 2000, batchSize: 500 }); if (r.sent === 0) break; }
console.log('sent', sent, 'in', (performance.now() - t).toFixed(0), 'ms', 'queries', queries);
process.exit(0);

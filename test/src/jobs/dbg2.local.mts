import postgres from 'postgres';
import { createDatabase } from '../../../db/client';
const name = 'nastavnik_dbg_jobs2';
const admin = postgres('postgres://postgres@127.0.0.1:5432/test', { max: 1, onnotice: () => undefined });
await admin.unsafe(`drop database if exists ${name} with (force)`);
await admin.unsafe(`create database ${name}`);
await admin.end();
const database = createDatabase({ url: `postgres://postgres@127.0.0.1:5432/${name}`, poolSize: 1 });
await database.migrate();
await database.close();
const sql = postgres(`postgres://postgres@127.0.0.1:5432/${name}`, { max: 1, onnotice: () => undefined });
await sql`insert into people (id, full_name, locale) select g, 'P' || g, 'ru' from generate_series(1, 20000) g`;
await sql`insert into identities (person_id, platform, external_id, chat_id) select g, 'telegram', g::text, g::text from generate_series(1, 20000) g`;
await sql`insert into jobs (kind, key, due_at, payload) select 'k', 'b:' || g, now() - interval '1 minute', jsonb_build_object('people', jsonb_build_array(1 + 2 * (g % 10000), 2 + 2 * (g % 10000))) from generate_series(1, 20000) g`;
await sql`insert into outbox (dedupe_key, person_id, message, not_before, job_id) select 'o:' || g, 1 + g % 20000, '{"text":"hello"}'::jsonb, now() - interval '1 second', g from generate_series(1, 40000) g`;
await sql`vacuum analyze`;
const show = async (q: string) => { const rows = await sql.unsafe(`explain (analyze, buffers) ${q}`); console.log(rows.map((r: any) => r['QUERY PLAN']).join('\n')); console.log('---'); };
await sql.begin(async (tx) => {
  const rows = await tx.unsafe(`explain (analyze) select * from jobs where status = 'pending' and due_at <= now() and (next_attempt_at is null or next_attempt_at <= now()) order by due_at, id limit 200 for update skip locked`);
  console.log(rows.map((r: any) => r['QUERY PLAN']).join('\n'));
});
await sql.begin(async (tx) => {
  const rows = await tx.unsafe(`explain (analyze) update outbox set not_before = now() + interval '1 minute', attempts = attempts + 1 where id in (select id from outbox where status = 'pending' and not_before <= now() order by not_before, id limit 500 for update skip locked) returning *`);
  console.log(rows.map((r: any) => r['QUERY PLAN']).join('\n'));
});
await sql.begin(async (tx) => {
  const rows = await tx.unsafe(`explain (analyze) select distinct on (person_id) * from identities where person_id in (${Array.from({length:500},(_,i)=>i+1).join(',')}) and unreachable_at is null order by person_id, last_seen_at desc, id desc`);
  console.log(rows.map((r: any) => r['QUERY PLAN']).join('\n'));
});
await sql.end();

// Benchmark of memory: one instance (src/main.ts in its own process, as `npm start` runs it, with
// Telegram on a webhook) serves 10,000 people who are all in the middle of the intake questionnaire.
// Their state lives in PostgreSQL, so the instance's peak resident set must stay small. The people
// are one person walked through the bot and then copied in SQL (INSERT … SELECT generate_series),
// and every one of them answers two more questions through the instance.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type postgres from 'postgres';
import type { Update } from 'grammy/types';
import { TELEGRAM_WEBHOOK_PATH } from '../../src/http/server';
import { createI18n } from '../../src/i18n';
import { repoRoot, startArgs, startNodeOptions } from '../support/start-command';
import { drive, startInstance, stopInstance } from './instance';
import type { BenchResult } from './result';
import { connect, createScratchDatabase, envNumber, runIfMain, thousands } from './support';
import { benchToken, createBotApiStub, pressUpdate, startBotApiServer, textUpdate, type ChatScreens } from './telegram-driver';

const RSS_TARGET_MB = 200;
/** Template person's Telegram id, and the first id and row id of the copies. */
const TEMPLATE_USER = 555;
const FIRST_COPY_USER = 700_000_001;
const ID_BASE = 10_000_000;
const SECRET = 'bench-webhook-secret';

/** Kernel figures of a process: current and peak resident set, MB. */
function memoryOf(pid: number): { rssMb: number; hwmMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Copies `table`'s rows matching `where` once per g in 1..count, every column as it is except the
 * `set` ones (SQL over the row and g). Columns are read from the catalog, so new columns are copied too.
 */
async function copyRows(sql: postgres.Sql | postgres.TransactionSql, table: string, where: string, set: Record<string, string>, count: number): Promise<number> {
  const columns = await sql<{ column_name: string }[]>`
    select column_name from information_schema.columns where table_schema = 'public' and table_name = ${table} order by ordinal_position`;
  const names = columns.map((c) => c.column_name);
  for (const key of Object.keys(set)) if (!names.includes(key)) throw new Error(`bench seeding out of date: ${table}.${key} is gone`);
  const list = names.map((n) => `"${n}"`).join(', ');
  const values = names.map((n) => set[n] ?? `t."${n}"`).join(', ');
  const result = await sql.unsafe(`insert into "${table}" (${list}) select ${values} from "${table}" t, generate_series(1, ${count}) g where ${where}`);
  return result.count;
}

/** `count` copies of the template person, each with its own identity, membership, consent, response, answers and flow state. */
async function copyPeople(url: string, count: number): Promise<{ seconds: number; rows: number }> {
  const sql = connect(url, { max: 1 });
  const started = performance.now();
  try {
    const [template] = await sql<{ person: number; membership: number; response: number }[]>`
      select i.person_id as person, m.id as membership, r.id as response
      from identities i join memberships m on m.person_id = i.person_id join responses r on r.membership_id = m.id
      where i.platform = 'telegram' and i.external_id = ${String(TEMPLATE_USER)}`;
    if (template === undefined) throw new Error('the template person did not reach the questionnaire');
    const { person, membership, response } = template;
    const id = `${ID_BASE} + g`;
    let rows = 0;
    await sql.begin(async (tx) => {
      rows += await copyRows(tx, 'people', `t.id = ${person}`, { id }, count);
      rows += await copyRows(
        tx,
        'identities',
        `t.person_id = ${person}`,
        { id, person_id: id, external_id: `(${FIRST_COPY_USER - 1} + g)::text`, chat_id: `(${FIRST_COPY_USER - 1} + g)::text` },
        count,
      );
      rows += await copyRows(tx, 'memberships', `t.id = ${membership}`, { id, person_id: id }, count);
      rows += await copyRows(tx, 'consents', `t.person_id = ${person}`, { id: `${ID_BASE} * 2 + g`, person_id: id }, count);
      rows += await copyRows(tx, 'responses', `t.id = ${response}`, { id, membership_id: id }, count);
      rows += await copyRows(tx, 'answers', `t.response_id = ${response}`, { response_id: id }, count);
      rows += await copyRows(
        tx,
        'flow_states',
        `t.person_id = ${person}`,
        { person_id: id, data: `case when t.data ? 'responseId' then jsonb_set(t.data, '{responseId}', to_jsonb(${id})) else t.data end` },
        count,
      );
      for (const table of ['people', 'identities', 'memberships', 'consents', 'responses']) {
        await tx.unsafe(`select setval(pg_get_serial_sequence('${table}', 'id'), (select max(id) from "${table}"))`);
      }
    });
    await sql`analyze`;
    return { seconds: (performance.now() - started) / 1000, rows };
  } finally {
    await sql.end();
  }
}

interface InstanceProcess {
  child: ChildProcess;
  output: string[];
  baseUrl: string;
  stop(): Promise<void>;
}

/** src/main.ts in its own process: PostgreSQL at `url`, Telegram on a webhook, Bot API calls to `apiRoot`. */
async function startInstanceProcess(url: string, apiRoot: string, v8Options: string[]): Promise<InstanceProcess> {
  const port = await freePort();
  const args = startArgs();
  const child = spawn(process.execPath, [...v8Options, ...args.slice(startNodeOptions().length)], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      DATABASE_URL: url,
      DATA_DIR: path.join('/tmp', `nastavnik-bench-${process.pid}`),
      TELEGRAM_BOT_TOKEN: benchToken,
      TELEGRAM_API_ROOT: apiRoot,
      TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${port}${TELEGRAM_WEBHOOK_PATH}`,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      TELEGRAM_SET_WEBHOOK: 'false',
      TELEGRAM_THROTTLE: 'false',
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(...chunk.toString('utf8').split('\n').filter((line) => line.trim() !== ''));
    if (output.length > 40) output.splice(0, output.length - 40);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the instance exited (${child.exitCode}):\n${output.join('\n')}`);
    const ready = await fetch(`${baseUrl}/readyz`).then((r) => r.ok, () => false);
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the instance was not ready in 120 s:\n${output.join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    child,
    output,
    baseUrl,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

/** The instance's own view of its memory, from GET /metrics (prom-client's process metrics), MB. */
async function heapOf(baseUrl: string): Promise<{ heapUsedMb: number; heapTotalMb: number; externalMb: number }> {
  const text = await fetch(`${baseUrl}/metrics`).then((r) => r.text(), () => '');
  const value = (metric: string) => Number(new RegExp(`^${metric}(?:\\{[^}]*\\})? ([\\d.e+]+)$`, 'm').exec(text)?.[1] ?? Number.NaN) / 1_048_576;
  return { heapUsedMb: value('nodejs_heap_size_used_bytes'), heapTotalMb: value('nodejs_heap_size_total_bytes'), externalMb: value('nodejs_external_memory_bytes') };
}

async function post(baseUrl: string, update: Update): Promise<void> {
  const response = await fetch(`${baseUrl}${TELEGRAM_WEBHOOK_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
    body: JSON.stringify(update),
  });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`webhook answered ${response.status}`);
}

/** One step for every user, `concurrency` at a time; each user's step is built from what the bot showed them last. */
async function stepAll(users: number[], concurrency: number, build: (userId: number) => Update, send: (u: Update) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let userId = users[next++]; userId !== undefined; userId = users[next++]) await send(build(userId));
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

function pressLabel(screens: ChatScreens, userId: number, label: string): Update {
  const keyboard = screens.keyboard(userId);
  const button = keyboard?.buttons.flat().find((b) => b.text === label);
  if (keyboard === undefined || button === undefined || !('callback_data' in button)) {
    throw new Error(`bench script out of date: user ${userId} sees no button "${label}"; last message: ${screens.lastText(userId) ?? '(none)'}`);
  }
  return pressUpdate(userId, keyboard.messageId, button.callback_data);
}

/**
 * The instance as `npm start` and the Dockerfile run it (their Node options, from package.json), held
 * to the target; then, for comparison, with Node's default settings (BENCH_MEMORY_OPTIONS replaces
 * those to try others). The live heap is some 50 MB either way: the difference is how far V8 lets the
 * young generation grow before it collects.
 */
export async function benchMemory(): Promise<BenchResult[]> {
  const production = await memoryRun(startNodeOptions(), 'as npm start and the Dockerfile run it', true);
  const other = (process.env.BENCH_MEMORY_OPTIONS ?? '').split(/\s+/).filter((o) => o !== '');
  const comparison = await memoryRun(other, other.length === 0 ? "Node's default V8 settings, for comparison" : 'for comparison', false);
  return [...production, ...comparison];
}

async function memoryRun(v8Options: string[], label: string, heldToTarget: boolean): Promise<BenchResult[]> {
  const people = envNumber('BENCH_MEMORY_USERS', 10_000);
  const concurrency = envNumber('BENCH_MEMORY_CONCURRENCY', 32);
  const scratch = await createScratchDatabase('memory');
  const i18n = createI18n();
  const errorText = i18n.t('ru', 'error-internal');
  const stub = createBotApiStub([errorText]);
  const api = await startBotApiServer(stub);
  let instance: InstanceProcess | undefined;
  try {
    // The template: one person walked through /start, consent and age by the real bot in this
    // process; they stop at the intake's first question (their name).
    const builder = await startInstance(scratch.url, 5, 1, false);
    await drive(builder, [TEMPLATE_USER], 3, 1);
    await stopInstance(builder);
    const seeded = await copyPeople(scratch.url, people);

    instance = await startInstanceProcess(scratch.url, api.apiRoot, v8Options);
    const pid = instance.child.pid;
    if (pid === undefined) throw new Error('the instance has no pid');
    const baseline = memoryOf(pid);
    const heapAtStart = await heapOf(instance.baseUrl);
    let sampledPeak = baseline.rssMb;
    const sampler = setInterval(() => {
      sampledPeak = Math.max(sampledPeak, memoryOf(pid).rssMb);
    }, 100);

    const users = Array.from({ length: people }, (_, i) => FIRST_COPY_USER + i);
    const base = instance.baseUrl;
    const send = (update: Update) => post(base, update);
    const started = performance.now();
    // Everyone types a name, then everyone picks a group: all 10,000 stay in the middle of the
    // questionnaire the whole time.
    await stepAll(users, concurrency, (id) => textUpdate(id, `Участник ${id}`), send);
    await stepAll(users, concurrency, (id) => pressLabel(stub.screens, id, i18n.t('ru', 'opt-role-student')), send);
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const final = memoryOf(pid);
    const heapAtEnd = await heapOf(instance.baseUrl);

    const sql = connect(scratch.url, { max: 1 });
    const [counts] = await sql<{ answers: number; asking: number }[]>`
      select (select count(*)::int from answers where response_id > ${ID_BASE}) as answers,
             (select count(*)::int from flow_states where person_id > ${ID_BASE} and flow is not null) as asking`;
    await sql.end();
    const errors = stub.screens.watched.get(errorText) ?? 0;
    const peak = Math.max(final.hwmMb, sampledPeak);
    const complete = counts?.answers === 2 * people && errors === 0;
    return [
      {
        name: `memory: one instance (src/main.ts, webhook) serving ${thousands(people)} people mid-questionnaire, ${[...v8Options, label].join(' ')}`,
        figure: `${peak.toFixed(0)} MB peak RSS`,
        target: heldToTarget ? `< ${RSS_TARGET_MB} MB` : 'reported',
        pass: (!heldToTarget || peak < RSS_TARGET_MB) && complete,
        details: {
          rssAfterStartMb: Math.round(baseline.rssMb),
          rssAtEndMb: Math.round(final.rssMb),
          heapUsedAtStartMb: Math.round(heapAtStart.heapUsedMb),
          heapUsedAtEndMb: Math.round(heapAtEnd.heapUsedMb),
          heapTotalAtEndMb: Math.round(heapAtEnd.heapTotalMb),
          v8Options: v8Options.length === 0 ? '(none)' : v8Options.join(' '),
          updates: 2 * people,
          updatesPerSecond: Math.round((2 * people) / seconds),
          seedSeconds: Math.round(seeded.seconds * 10) / 10,
          seededRows: seeded.rows,
          answersSaved: counts?.answers ?? 0,
          answersExpected: 2 * people,
          stillInAFlow: counts?.asking ?? 0,
          internalErrorReplies: errors,
        },
      },
    ];
  } catch (error) {
    if (instance !== undefined) process.stderr.write(`instance output:\n${instance.output.join('\n')}\n`);
    throw error;
  } finally {
    await instance?.stop();
    await api.close();
    await scratch.drop();
  }
}

await runIfMain(import.meta.url, benchMemory);

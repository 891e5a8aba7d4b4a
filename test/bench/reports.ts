// Benchmark of the reports at regional scale: a region of 1,000 organisations, 300,000 participants,
// 100,000 pairs and 1,000,000 meetings, generated in PostgreSQL (INSERT … SELECT generate_series)
// into a database this benchmark creates and drops. Measured as the chat commands run them (inside
// a transaction): the regional summary (/region, median of 7 runs, target < 300 ms) and one
// organisation's XLSX export of 2,000 participants (/export, median of 3 runs, target < 2 s).
// Runnable alone: npx tsx test/bench/reports.ts. With BENCH_REPORTS_DATABASE=<name> the region is
// seeded once into that database and kept, so later runs (and EXPLAIN sessions) reuse it.
// The summary reads involved students from the figures the triggers of migration 0008 keep; the
// details say whether those agree with a count from the region's rows (figuresAgree), and
// what the triggers add to a write: a pair of the largest organisation becoming active and ending
// early, each recounting its 2,000 participants' pairs (pairActivationMs, in a rolled-back transaction).
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type postgres from 'postgres';
import { createDatabase } from '../../db/client';
import { loadQuestionnaireDefinitions } from '../../flows/questionnaire/registry';
import { answerDescriber } from '../../flows/reports/reports';
import { regionalSummary } from '../../src/coordinators/region';
import { formsWithStudentMentors, formsWithoutStudentMentees } from '../../src/reports/figures';
import { createI18n } from '../../src/i18n';
import { syncQuestionnaires } from '../../src/questionnaires/catalog';
import { loadProgrammeExport } from '../../src/reports/export-data';
import { buildProgrammeWorkbook } from '../../src/reports/workbook';
import type { BenchResult } from './result';
import { adminUrl, connect, urlOf } from './support';

const ORGANISATIONS = 1_000;
const PARTICIPANTS = 300_000;
const BIG_ORG_PARTICIPANTS = 2_000;
const PAIRS = 100_000;
const MEETINGS_PER_PAIR = 10;
const MUNICIPALITIES = 44;
const REGION = 'Бенчмарк-область';
const SUMMARY_RUNS = 7;
const EXPORT_RUNS = 3;
const SUMMARY_TARGET_MS = 300;
const EXPORT_TARGET_MS = 2_000;

async function admin(statement: string): Promise<void> {
  const sql = connect(adminUrl, { max: 1 });
  try {
    await sql.unsafe(statement);
  } finally {
    await sql.end();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/**
 * The region, generated where it is stored. Organisation 1 has 2,000 participants (1,400 mentees,
 * 600 mentors, 700 pairs); the other 999 share the remaining 298,000 (about 298 each, 99 or 100
 * pairs each): 100,000 pairs in all, 10 weekly meetings per pair, check-ins and intake answers
 * for organisation 1.
 */
export async function seedRegion(sql: postgres.Sql, questionnaireIds: { menteeIntake: number; mentorIntake: number }): Promise<void> {
  const forms = `array['student_student','teacher_student','teacher_teacher','university_student','employer_student']`;
  await sql.unsafe(`set synchronous_commit = off`);
  await sql.unsafe(`
    insert into organisations (id, name, region, municipality, students_total)
    select i, 'Школа № ' || i, '${REGION}', 'Муниципалитет ' || (i % ${MUNICIPALITIES} + 1), 300 + (i * 37) % 900
    from generate_series(1, ${ORGANISATIONS}) i`);
  await sql.unsafe(`
    insert into programmes (id, organisation_id, name, forms, stage)
    select i, i, 'Программа наставничества', (${forms})[1 : 1 + i % 5], 6
    from generate_series(1, ${ORGANISATIONS}) i`);
  await sql.unsafe(`
    insert into people (id, full_name, locale)
    select i, 'Участник ' || i || ' Тестович', 'ru' from generate_series(1, ${PARTICIPANTS}) i`);
  await sql.unsafe(`
    insert into memberships (id, person_id, programme_id, role, status, readiness)
    select i, i,
      case when i <= ${BIG_ORG_PARTICIPANTS} then 1 else 2 + (i - ${BIG_ORG_PARTICIPANTS} - 1) % ${ORGANISATIONS - 1} end,
      case when i % 10 < 3 then 'mentor' else 'mentee' end,
      case when i % 97 = 0 then 'withdrawn' else 'questionnaire_done' end,
      case when i % 10 < 3 then 'ready' end
    from generate_series(1, ${PARTICIPANTS}) i`);
  // Pairs: the first mentees of each programme (700 in organisation 1; 100 or 99 elsewhere), each
  // with a mentor of the same programme taken round-robin.
  await sql.unsafe(`
    create temporary table ranked as
      select id, programme_id, role, row_number() over (partition by programme_id, role order by id) as rn,
             count(*) over (partition by programme_id, role) as n
      from memberships`);
  const extraPairs = PAIRS - 700 - 99 * (ORGANISATIONS - 1);
  await sql.unsafe(`
    create temporary table pairing as
      select row_number() over (order by e.programme_id, e.rn) as pair_id, e.programme_id, e.id as mentee_id, m.id as mentor_id
      from ranked e
      join ranked m on m.programme_id = e.programme_id and m.role = 'mentor' and m.rn = (e.rn - 1) % m.n + 1
      where e.role = 'mentee'
        and e.rn <= case when e.programme_id = 1 then 700 when e.programme_id <= ${1 + extraPairs} then 100 else 99 end`);
  await sql.unsafe(`
    insert into pairs (id, programme_id, status, form, activated_at, created_at)
    select pair_id, programme_id,
      case when pair_id % 20 = 0 then 'proposed' when pair_id % 20 = 1 then 'ended_early' when pair_id % 5 = 2 then 'completed' else 'active' end,
      (${forms})[1 + pair_id % 5],
      case when pair_id % 20 <> 0 then timestamptz '2026-09-01 09:00+03' + (pair_id % 14) * interval '1 day' end,
      timestamptz '2026-08-25 09:00+03'
    from pairing`);
  await sql.unsafe(`
    insert into pair_members (pair_id, membership_id, role, decision, decided_at)
    select pair_id, mentor_id, 'mentor', 'confirmed', timestamptz '2026-09-01 09:00+03' from pairing
    union all
    select pair_id, mentee_id, 'mentee', 'confirmed', timestamptz '2026-09-01 09:00+03' from pairing`);
  await sql.unsafe(`
    insert into meetings (pair_id, starts_at, format, topic, status)
    select p.id, timestamptz '2026-09-03 16:00+03' + g * interval '7 days' + (p.id % 5) * interval '1 day',
      case when g % 3 = 0 then 'in_person' else 'online' end,
      'Встреча ' || (g + 1),
      case when g < 6 then (case when (p.id + g) % 9 = 0 then 'missed' else 'held' end) when g = 6 then 'scheduled' else 'proposed' end
    from pairs p cross join generate_series(0, ${MEETINGS_PER_PAIR - 1}) g`);
  await sql.unsafe(`
    insert into checkins (meeting_id, membership_id, happened, rating, summary, next_step)
    select m.id, pm.membership_id, true, 3 + (m.id + pm.membership_id) % 3, 'Разобрали тему встречи', 'Подготовить вопросы'
    from meetings m
    join pairs p on p.id = m.pair_id and p.programme_id = 1
    join pair_members pm on pm.pair_id = p.id
    where m.status = 'held'`);
  // Organisation 1's intake answers: the responses and eight answers each.
  await sql.unsafe(`
    insert into responses (membership_id, questionnaire_id, status, started_at, submitted_at)
    select id, case when role = 'mentor' then ${questionnaireIds.mentorIntake} else ${questionnaireIds.menteeIntake} end, 'submitted', now(), now()
    from memberships where programme_id = 1 and status <> 'withdrawn'`);
  await sql.unsafe(`
    insert into answers (response_id, question_id, value)
    select r.id, q.question_id, q.value
    from responses r
    cross join (values
      ('full_name', '{"kind":"text","text":"Участник Тестович"}'::jsonb),
      ('role_group', '{"kind":"single","option":"student"}'::jsonb),
      ('grade', '{"kind":"text","text":"8А"}'::jsonb),
      ('requests', '{"kind":"multi","options":["olympiads","career"]}'::jsonb),
      ('interests', '{"kind":"text","text":"Химия, шахматы, робототехника"}'::jsonb),
      ('goals', '{"kind":"text","text":"Подготовиться к олимпиаде и выбрать профиль"}'::jsonb),
      ('format', '{"kind":"single","option":"online"}'::jsonb),
      ('free_time', '{"kind":"multi","options":["weekend"]}'::jsonb)
    ) as q(question_id, value)`);
  for (const table of ['organisations', 'programmes', 'people', 'memberships', 'pairs', 'pair_members', 'meetings', 'checkins', 'responses', 'answers']) {
    await sql.unsafe(`select setval(pg_get_serial_sequence('${table}', 'id'), coalesce((select max(id) from ${table}), 1))`).catch(() => undefined);
  }
  await sql.unsafe(`vacuum analyze`);
}

/** Whether the stored figures of every organisation equal a count from the rows. */
async function storedFiguresAgree(sql: postgres.Sql): Promise<boolean> {
  const [row] = await sql<{ wrong: number }[]>`
    with involved as (
      select pr.organisation_id, count(distinct m.person_id)::int as n
      from programmes pr
      join pairs p on p.programme_id = pr.id
      join pair_members pm on pm.pair_id = p.id
      join memberships m on m.id = pm.membership_id
      where p.status in ('active', 'completed')
        and ((pm.role = 'mentee' and (p.form is null or p.form not in ${sql([...formsWithoutStudentMentees])}))
          or (pm.role = 'mentor' and p.form in ${sql([...formsWithStudentMentors])}))
      group by pr.organisation_id
    )
    select count(*)::int as wrong from organisations o
      left join organisation_figures f on f.organisation_id = o.id
      left join involved i on i.organisation_id = o.id
    where coalesce(f.involved_students, 0) <> coalesce(i.n, 0)`;
  return row?.wrong === 0;
}

/** Median time of a pair of organisation 1 turning active then ended early (two recounts), rolled back. */
async function timePairActivation(sql: postgres.Sql): Promise<number> {
  const [pair] = await sql<{ id: number }[]>`select id from pairs where programme_id = 1 and status = 'proposed' order by id limit 1`;
  if (!pair) return Number.NaN;
  const times: number[] = [];
  for (let run = 0; run <= 5; run++) {
    await sql`begin`;
    const started = performance.now();
    await sql`update pairs set status = 'active' where id = ${pair.id}`;
    await sql`update pairs set status = 'ended_early' where id = ${pair.id}`;
    const ms = performance.now() - started;
    await sql`rollback`;
    if (run > 0) times.push(ms);
  }
  return median(times);
}

async function databaseExists(name: string): Promise<boolean> {
  const sql = connect(adminUrl, { max: 1 });
  try {
    const rows = await sql`select 1 from pg_database where datname = ${name}`;
    return rows.length > 0;
  } finally {
    await sql.end();
  }
}

export async function benchReports(): Promise<BenchResult[]> {
  const kept = process.env.BENCH_REPORTS_DATABASE;
  const name = kept ?? `nastavnik_b_${Date.now()}_reports`;
  const reuse = kept !== undefined && (await databaseExists(kept));
  if (!reuse) await admin(`create database "${name}"`);
  const database = createDatabase({ url: urlOf(name), poolSize: 4 });
  const sql = connect(urlOf(name), { max: 1 });
  try {
    await database.migrate();
    const catalog = await syncQuestionnaires(database.db, loadQuestionnaireDefinitions());
    const menteeIntake = catalog.intakeFor('mentee')?.id;
    const mentorIntake = catalog.intakeFor('mentor')?.id;
    if (menteeIntake === undefined || mentorIntake === undefined) throw new Error('intake questionnaires missing');

    const seedStarted = performance.now();
    const [seeded] = await sql<{ n: number }[]>`select count(*)::int as n from organisations`;
    if ((seeded?.n ?? 0) === 0) await seedRegion(sql, { menteeIntake, mentorIntake });
    else await sql.unsafe(`analyze`); // a kept region: fresh statistics for indexes added since
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const [counts] = await sql<{ organisations: number; participants: number; pairs: number; meetings: number; big: number }[]>`
      select (select count(*)::int from organisations) as organisations, (select count(*)::int from memberships) as participants,
             (select count(*)::int from pairs) as pairs, (select count(*)::int from meetings) as meetings,
             (select count(*)::int from memberships where programme_id = 1) as big`;

    const scope = { region: REGION, municipality: null };
    let municipalities = 0;
    const summaryTimes: number[] = [];
    for (let run = 0; run <= SUMMARY_RUNS; run++) {
      const started = performance.now();
      const summary = await database.db.transaction((tx) => regionalSummary(tx, scope));
      const ms = performance.now() - started;
      municipalities = summary.municipalities.length;
      if (run > 0) summaryTimes.push(ms); // the first run warms the caches
    }

    const figuresAgree = await storedFiguresAgree(sql);
    const pairActivationMs = await timePairActivation(sql);

    const i18n = createI18n();
    const t = (key: string, args?: Parameters<typeof i18n.t>[2]) => i18n.t('ru', key, args);
    const exportTimes: number[] = [];
    let bytes = 0;
    let rows = 0;
    for (let run = 0; run <= EXPORT_RUNS; run++) {
      const started = performance.now();
      const content = await database.db.transaction(async (tx) => {
        const data = await loadProgrammeExport(tx, 1);
        if (!data) throw new Error('programme 1 missing');
        rows = data.participants.length + data.answers.length + data.pairs.length + data.meetings.length + data.checkins.length;
        return buildProgrammeWorkbook(data, { t, describeAnswer: answerDescriber(catalog, t) });
      });
      const ms = performance.now() - started;
      bytes = content.byteLength;
      if (run > 0) exportTimes.push(ms);
    }

    const summaryMs = median(summaryTimes);
    const exportMs = median(exportTimes);
    return [
      {
        name: `reports: regional summary, ${counts?.organisations ?? 0} organisations in ${municipalities} municipalities, ${counts?.participants ?? 0} participants, ${counts?.pairs ?? 0} pairs, ${counts?.meetings ?? 0} meetings`,
        figure: `${summaryMs.toFixed(0)} ms`,
        target: `< ${SUMMARY_TARGET_MS} ms`,
        pass: summaryMs < SUMMARY_TARGET_MS && figuresAgree,
        details: {
          ...Object.fromEntries(summaryTimes.map((ms, i) => [`run${i + 1}Ms`, Math.round(ms)])),
          seedSeconds: Math.round(seedSeconds),
          figuresAgree: figuresAgree ? 'yes' : 'NO',
          pairActivationMs: Number(pairActivationMs.toFixed(1)),
        },
      },
      {
        name: `reports: one organisation's XLSX export, ${counts?.big ?? 0} participants (${rows} rows)`,
        figure: `${exportMs.toFixed(0)} ms`,
        target: `< ${EXPORT_TARGET_MS} ms`,
        pass: exportMs < EXPORT_TARGET_MS,
        details: { ...Object.fromEntries(exportTimes.map((ms, i) => [`run${i + 1}Ms`, Math.round(ms)])), xlsxKiB: Math.round(bytes / 1024) },
      },
    ];
  } finally {
    await sql.end();
    await database.close();
    if (kept === undefined) await admin(`drop database if exists "${name}" with (force)`);
  }
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(entry).href) {
  const results = await benchReports();
  console.table(results.map(({ name, figure, target, pass }) => ({ name, figure, target, pass: pass ? 'yes' : 'NO' })));
  for (const { name, details } of results) if (details !== undefined) console.log(name, details);
  if (results.some((result) => !result.pass)) process.exitCode = 1;
}

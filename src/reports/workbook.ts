// The programme workbook (exceljs): one sheet each for participants, answers, pairs, meetings,
// check-ins and reflections (plus award nominations), headers from the locale files. Texts and
// answer wording come in from the caller, so the service stays free of chat formatting.
import { PassThrough } from 'node:stream';
import { DateTime, IANAZone } from 'luxon';
import type { TextArgs } from '../i18n';
import type { ExportAnswer, ProgrammeExport } from './export-data';
import { satisfactionItems, satisfactionKeys } from './summary';

export type Translate = (key: string, args?: TextArgs) => string;

export interface WorkbookTexts {
  t: Translate;
  /** The question's label and the answer written out, as the summary of the questionnaire shows them. */
  describeAnswer(answer: ExportAnswer): { questionnaire: string; question: string; answer: string };
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface SheetSpec {
  name: string;
  columns: { header: string; width: number }[];
  rows: (string | number | null)[][];
}

/**
 * Writes sheets to an xlsx file: frozen header row, filters, column widths. Rows are streamed
 * (exceljs's WorkbookWriter, inline strings), which is several times faster than the in-memory model.
 */
export async function writeWorkbook(sheets: SheetSpec[], meta: { title: string }): Promise<Uint8Array> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  // No styles and fast compression: the header row is marked by the frozen pane and the filter.
  // Loaded on first use (some 30 MB resident): an instance that never exports does not carry it.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: false, useSharedStrings: false, zip: { zlib: { level: 1 } } });
  workbook.creator = 'Nastavnik';
  workbook.title = meta.title;
  workbook.created = new Date(0);
  for (const spec of sheets) {
    const sheet = workbook.addWorksheet(spec.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = spec.columns.map((c) => ({ header: c.header, width: c.width }));
    if (spec.rows.length > 0) sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: spec.columns.length } };
    sheet.getRow(1).commit();
    for (const row of spec.rows) sheet.addRow(row).commit();
    sheet.commit();
  }
  await workbook.commit();
  await finished;
  return new Uint8Array(Buffer.concat(chunks));
}

const QUARTER_HOUR_MS = 15 * 60_000;

/**
 * Formats instants as the wall time of one zone ('dd.MM.yyyy HH:mm' and 'dd.MM.yyyy'), as luxon's
 * toFormat does. Luxon asks Intl for the zone's offset on every call, which was most of an export's
 * time at 30,000 rows; the offset only changes at a transition, so it is asked for the two ends of
 * each quarter hour that holds an instant and reused inside it when they agree (no zone has two
 * transitions within a quarter hour). Unknown zones and odd instants go through luxon itself.
 */
export function zonedFormatter(timezone: string): { when(at: Date | null): string; day(at: Date | null): string } {
  const zone = IANAZone.create(timezone);
  const offsets = new Map<number, number | null>();
  const offsetAt = (ms: number): number => {
    const quarter = Math.floor(ms / QUARTER_HOUR_MS);
    let offset = offsets.get(quarter);
    if (offset === undefined) {
      const start = zone.offset(quarter * QUARTER_HOUR_MS);
      offset = start === zone.offset((quarter + 1) * QUARTER_HOUR_MS - 1) ? start : null;
      offsets.set(quarter, offset);
    }
    return offset ?? zone.offset(ms);
  };
  const two = (n: number) => (n < 10 ? `0${n}` : String(n));
  const format = (at: Date | null, withTime: boolean): string => {
    if (!at) return '';
    const ms = at.getTime();
    const local = zone.isValid && Number.isFinite(ms) ? new Date(ms + offsetAt(ms) * 60_000) : null;
    const year = local?.getUTCFullYear() ?? -1;
    if (!local || year < 1000 || year > 9999) {
      return DateTime.fromJSDate(at, { zone: timezone }).toFormat(withTime ? 'dd.MM.yyyy HH:mm' : 'dd.MM.yyyy');
    }
    const date = `${two(local.getUTCDate())}.${two(local.getUTCMonth() + 1)}.${year}`;
    return withTime ? `${date} ${two(local.getUTCHours())}:${two(local.getUTCMinutes())}` : date;
  };
  return { when: (at) => format(at, true), day: (at) => format(at, false) };
}

export async function buildProgrammeWorkbook(data: ProgrammeExport, texts: WorkbookTexts): Promise<Uint8Array> {
  const { t } = texts;
  const { when, day } = zonedFormatter(data.timezone);
  const nameOf = (fullName: string | null, status?: string) =>
    status === 'withdrawn' || fullName === null ? t('report-anonymous') : fullName;
  const participantById = new Map(data.participants.map((p) => [p.membershipId, p]));
  const memberName = (membershipId: number) => {
    const p = participantById.get(membershipId);
    return p ? nameOf(p.fullName, p.status) : t('report-anonymous');
  };
  const role = (r: string) => t('report-role', { role: r });
  const yesNo = (v: boolean) => t(v ? 'report-yes' : 'report-no');
  const pairLabels = new Map(data.pairs.map((p) => [p.id, `№ ${p.id}: ${p.members.map((m) => memberName(m.membershipId)).join(' — ')}`]));

  const participants: SheetSpec = {
    name: t('xlsx-sheet-participants'),
    columns: [
      { header: '№', width: 6 },
      { header: t('xlsx-col-name'), width: 32 },
      { header: t('xlsx-col-role'), width: 16 },
      { header: t('xlsx-col-status'), width: 24 },
      { header: t('xlsx-col-readiness'), width: 16 },
      { header: t('xlsx-col-joined'), width: 18 },
    ],
    rows: data.participants.map((p, i) => [
      i + 1,
      nameOf(p.fullName, p.status),
      role(p.role),
      t('report-status', { status: p.status }),
      p.readiness ? t('report-readiness', { readiness: p.readiness }) : '',
      when(p.joinedAt),
    ]),
  };

  const answerRows: SheetSpec['rows'] = [];
  for (const answer of data.answers) {
    const owner = participantById.get(answer.membershipId);
    if (!owner) continue;
    const described = texts.describeAnswer(answer);
    answerRows.push([
      nameOf(owner.fullName, owner.status),
      role(owner.role),
      described.questionnaire,
      answer.version,
      described.question,
      described.answer,
      t(answer.responseStatus === 'submitted' ? 'xlsx-response-submitted' : 'xlsx-response-in-progress'),
      when(answer.answeredAt),
    ]);
  }
  const answersSheet: SheetSpec = {
    name: t('xlsx-sheet-answers'),
    columns: [
      { header: t('xlsx-col-name'), width: 28 },
      { header: t('xlsx-col-role'), width: 14 },
      { header: t('xlsx-col-questionnaire'), width: 30 },
      { header: t('xlsx-col-version'), width: 8 },
      { header: t('xlsx-col-question'), width: 32 },
      { header: t('xlsx-col-answer'), width: 50 },
      { header: t('xlsx-col-response-status'), width: 14 },
      { header: t('xlsx-col-answered'), width: 18 },
    ],
    rows: answerRows,
  };

  const pairsSheet: SheetSpec = {
    name: t('xlsx-sheet-pairs'),
    columns: [
      { header: t('xlsx-col-pair'), width: 8 },
      { header: t('xlsx-col-form'), width: 24 },
      { header: t('xlsx-col-pair-status'), width: 18 },
      { header: t('xlsx-col-mentors'), width: 32 },
      { header: t('xlsx-col-mentees'), width: 40 },
      { header: t('xlsx-col-created'), width: 14 },
      { header: t('xlsx-col-activated'), width: 14 },
      { header: t('xlsx-col-ended'), width: 14 },
      { header: t('xlsx-col-end-reason'), width: 30 },
    ],
    rows: data.pairs.map((p) => [
      p.id,
      t('report-form', { form: p.form ?? 'none' }),
      t('report-pair-status', { status: p.status }),
      p.members.filter((m) => m.role === 'mentor').map((m) => memberName(m.membershipId)).join('; '),
      p.members.filter((m) => m.role === 'mentee').map((m) => memberName(m.membershipId)).join('; '),
      day(p.createdAt),
      day(p.activatedAt),
      day(p.endedAt),
      p.endReason ?? '',
    ]),
  };

  const meetingsSheet: SheetSpec = {
    name: t('xlsx-sheet-meetings'),
    columns: [
      { header: '№', width: 8 },
      { header: t('xlsx-col-pair'), width: 40 },
      { header: t('xlsx-col-starts'), width: 18 },
      { header: t('xlsx-col-format'), width: 12 },
      { header: t('xlsx-col-topic'), width: 30 },
      { header: t('xlsx-col-meeting-status'), width: 16 },
    ],
    rows: data.meetings.map((m) => [
      m.id,
      pairLabels.get(m.pairId) ?? String(m.pairId),
      when(m.startsAt),
      t('report-meeting-format', { format: m.format }),
      m.topic ?? '',
      t('report-meeting-status', { status: m.status }),
    ]),
  };

  const meetingById = new Map(data.meetings.map((m) => [m.id, m]));
  const checkinsSheet: SheetSpec = {
    name: t('xlsx-sheet-checkins'),
    columns: [
      { header: t('xlsx-col-meeting'), width: 8 },
      { header: t('xlsx-col-starts'), width: 18 },
      { header: t('xlsx-col-name'), width: 28 },
      { header: t('xlsx-col-role'), width: 14 },
      { header: t('xlsx-col-happened'), width: 12 },
      { header: t('xlsx-col-rating'), width: 10 },
      { header: t('xlsx-col-summary'), width: 40 },
      { header: t('xlsx-col-next-step'), width: 30 },
      { header: t('xlsx-col-answered'), width: 18 },
    ],
    rows: data.checkins.map((c) => {
      const owner = participantById.get(c.membershipId);
      return [
        c.meetingId,
        when(meetingById.get(c.meetingId)?.startsAt ?? null),
        memberName(c.membershipId),
        owner ? role(owner.role) : '',
        yesNo(c.happened),
        c.rating,
        c.summary ?? '',
        c.nextStep ?? '',
        when(c.createdAt),
      ];
    }),
  };

  const reflectionsSheet = reflectionSheet(data, texts, { nameOf, role });

  const nominationsSheet: SheetSpec = {
    name: t('xlsx-sheet-nominations'),
    columns: [
      { header: t('xlsx-col-mentor'), width: 32 },
      { header: t('xlsx-col-by-mentees'), width: 18 },
      { header: t('xlsx-col-by-curator'), width: 18 },
    ],
    rows: nominationRows(data).map((n) => [memberName(n.mentorMembershipId), n.mentees, n.curator]),
  };

  return writeWorkbook([participants, answersSheet, pairsSheet, meetingsSheet, checkinsSheet, reflectionsSheet, nominationsSheet], {
    title: `${data.organisationName}: ${data.programmeName}`,
  });
}

function nominationRows(data: ProgrammeExport) {
  const byMentor = new Map<number, { mentorMembershipId: number; mentees: number; curator: number }>();
  for (const n of data.nominations) {
    const row = byMentor.get(n.mentorMembershipId) ?? { mentorMembershipId: n.mentorMembershipId, mentees: 0, curator: 0 };
    if (n.byRole === 'curator') row.curator += n.count;
    else row.mentees += n.count;
    byMentor.set(n.mentorMembershipId, row);
  }
  return [...byMentor.values()];
}

/**
 * One row per participant who answered the reflection or a satisfaction questionnaire: the
 * reflection's answers, then every 1–10 item before and after side by side.
 */
function reflectionSheet(
  data: ProgrammeExport,
  texts: WorkbookTexts,
  helpers: { nameOf: (name: string | null, status?: string) => string; role: (r: string) => string },
): SheetSpec {
  const { t } = texts;
  const reflectionQuestions = ['goals_met', 'achieved', 'helped', 'hindered'];
  const items = [...new Set([...satisfactionItems.mentee, ...satisfactionItems.mentor])];
  const keys = new Set<string>([
    satisfactionKeys.mentee.reflection,
    satisfactionKeys.mentor.reflection,
    satisfactionKeys.mentee.before,
    satisfactionKeys.mentee.after,
    satisfactionKeys.mentor.before,
    satisfactionKeys.mentor.after,
  ]);
  const byMember = new Map<number, Map<string, string>>();
  for (const answer of data.answers) {
    if (!keys.has(answer.questionnaireKey) || answer.responseStatus !== 'submitted') continue;
    const phase = answer.questionnaireKey.endsWith('-reflection') ? 'r' : answer.questionnaireKey.endsWith('-start') ? 'b' : 'a';
    const cells = byMember.get(answer.membershipId) ?? new Map<string, string>();
    cells.set(`${phase}:${answer.questionId}`, texts.describeAnswer(answer).answer);
    byMember.set(answer.membershipId, cells);
  }
  const participantById = new Map(data.participants.map((p) => [p.membershipId, p]));
  const rows: SheetSpec['rows'] = [];
  for (const [membershipId, cells] of byMember) {
    const p = participantById.get(membershipId);
    if (!p) continue;
    const satisfaction = items.flatMap((item) => [numberOrText(cells.get(`b:${item}`)), numberOrText(cells.get(`a:${item}`))]);
    rows.push([
      helpers.nameOf(p.fullName, p.status),
      helpers.role(p.role),
      ...reflectionQuestions.map((q) => cells.get(`r:${q}`) ?? ''),
      ...satisfaction,
      cells.get('a:most_valuable') ?? '',
      cells.get('a:missing') ?? '',
      cells.get('a:continue') ?? '',
      cells.get('a:become_mentor') ?? cells.get('a:recommend') ?? '',
    ]);
  }
  return {
    name: t('xlsx-sheet-reflections'),
    columns: [
      { header: t('xlsx-col-name'), width: 28 },
      { header: t('xlsx-col-role'), width: 14 },
      ...reflectionQuestions.map((q) => ({ header: t('xlsx-col-reflection', { question: q }), width: 30 })),
      ...items.flatMap((item) => [
        { header: t('xlsx-col-satisfaction-before', { item: t('report-item', { item }) }), width: 14 },
        { header: t('xlsx-col-satisfaction-after', { item: t('report-item', { item }) }), width: 14 },
      ]),
      { header: t('xlsx-col-most-valuable'), width: 30 },
      { header: t('xlsx-col-missing'), width: 30 },
      { header: t('xlsx-col-continue'), width: 14 },
      { header: t('xlsx-col-become-mentor'), width: 14 },
    ],
    rows,
  };
}

function numberOrText(value: string | undefined): string | number {
  if (value === undefined) return '';
  return /^\d+$/.test(value) ? Number(value) : value;
}

// The order "О закреплении наставнических пар/групп" as a DOCX (docx library), laid out like the
// sample in the regional recommendations: heading, preamble, one numbered item per pair or group
// with its dates, members and roles, the basis (the members' consent given in the chat), control
// and signature. Blanks the school fills by hand («__» _____ 20__ г., № _____) stay blanks.
import { DateTime } from 'luxon';
import type { OrderPair } from './export-data';
import { shortName } from './figures';
import type { Translate } from './workbook';

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export interface OrderInput {
  organisationName: string;
  programmeName: string;
  timezone: string;
  /** The programme's end date (YYYY-MM-DD), the pairs' "по" date; a blank when unknown. */
  endsOn: string | null;
  pairs: OrderPair[];
  /** Who controls the order's execution (the curator), when their name is known. */
  controller: string | null;
}

/** The order's paragraphs as plain text lines: the document's content, testable without docx. */
export function orderLines(input: OrderInput, t: Translate): { text: string; style: 'title' | 'heading' | 'body' | 'item' | 'sign' }[] {
  const date = (value: DateTime | null) =>
    value === null ? t('order-date-blank') : t('order-date', { day: value.toFormat('dd'), month: value.month, year: String(value.year) });
  const endsOn = input.endsOn ? DateTime.fromISO(input.endsOn, { zone: input.timezone }) : null;
  const lines: ReturnType<typeof orderLines> = [
    { text: input.organisationName, style: 'title' },
    { text: t('order-title'), style: 'title' },
    { text: t('order-number-line'), style: 'body' },
    { text: t('order-subject'), style: 'heading' },
    { text: t('order-preamble', { organisation: input.organisationName, programme: input.programmeName }), style: 'body' },
    { text: t('order-decree'), style: 'heading' },
  ];
  input.pairs.forEach((pair, index) => {
    const n = index + 1;
    const started = pair.activatedAt ? DateTime.fromJSDate(pair.activatedAt, { zone: input.timezone }) : null;
    const group = pair.members.length > 2;
    lines.push({ text: t('order-item', { n, from: date(started), to: date(endsOn), group: group ? 'yes' : 'no' }), style: 'item' });
    pair.members.forEach((member, i) => {
      const last = i === pair.members.length - 1;
      lines.push({
        text: t('order-member', {
          n: `${n}.${i + 1}`,
          name: shortName(member.fullName) || t('report-anonymous'),
          detail: member.detail ? `, ${member.detail}` : '',
          role: member.role,
          end: last ? 'last' : 'more',
        }),
        style: 'item',
      });
    });
    const consents = pair.members.map((m) =>
      t('order-consent', {
        name: shortName(m.fullName) || t('report-anonymous'),
        date: m.confirmedAt ? DateTime.fromJSDate(m.confirmedAt, { zone: input.timezone }).toFormat('dd.MM.yyyy') : '',
      }),
    );
    lines.push({ text: t('order-basis', { consents: consents.join(', ') }), style: 'body' });
  });
  lines.push({ text: t('order-control', { n: input.pairs.length + 1, controller: input.controller ? shortName(input.controller) : '' }), style: 'body' });
  lines.push({ text: t('order-signature'), style: 'sign' });
  return lines;
}

export async function buildPairsOrder(input: OrderInput, t: Translate): Promise<Uint8Array> {
  // Loaded on first use, like the other document writers: an instance that never writes one does not carry it.
  const { AlignmentType, Document, Packer, Paragraph, TabStopType, TextRun } = await import('docx');
  const lines = orderLines(input, t);
  const paragraphs = lines.map((line) => {
    switch (line.style) {
      case 'title':
        return new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 120 }, children: [new TextRun({ text: line.text, bold: true, size: 28 })] });
      case 'heading':
        return new Paragraph({ spacing: { before: 240, after: 120 }, children: [new TextRun({ text: line.text, bold: true })] });
      case 'item':
        return new Paragraph({ indent: { left: 360 }, spacing: { after: 60 }, children: [new TextRun(line.text)] });
      case 'sign':
        return new Paragraph({
          spacing: { before: 480 },
          tabStops: [{ type: TabStopType.RIGHT, position: 9000 }],
          children: [new TextRun(line.text)],
        });
      default:
        return new Paragraph({ alignment: AlignmentType.JUSTIFIED, spacing: { after: 120 }, children: [new TextRun(line.text)] });
    }
  });
  const document = new Document({
    creator: 'Nastavnik',
    title: t('order-subject'),
    styles: { default: { document: { run: { font: 'Times New Roman', size: 28 } } } },
    sections: [{ properties: {}, children: paragraphs }],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}

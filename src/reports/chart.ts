// The programme chart: meetings per week (held, missed, planned) and satisfaction before and after,
// drawn as SVG by a pure function and rendered to PNG by resvg (a prebuilt binary inside the npm
// package) with the PT Sans font shipped by an npm package, so no system font is needed.
import { createRequire } from 'node:module';
import type { SatisfactionItem, WeekCount } from './figures';
import type { Translate } from './workbook';

export const PNG_MIME = 'image/png';

const require = createRequire(import.meta.url);
const FONT_FILES = [
  require.resolve('@expo-google-fonts/pt-sans/400Regular/PTSans_400Regular.ttf'),
  require.resolve('@expo-google-fonts/pt-sans/700Bold/PTSans_700Bold.ttf'),
];
const FONT = 'PT Sans';

export interface ChartInput {
  title: string;
  weeks: WeekCount[];
  satisfaction: { role: 'mentee' | 'mentor'; items: SatisfactionItem[] }[];
}

const WIDTH = 1000;
const COLORS = { held: '#2e7d32', missed: '#c62828', planned: '#90a4ae', before: '#b0bec5', after: '#1565c0', axis: '#455a64', grid: '#e0e0e0' };

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function label(x: number, y: number, text: string, options: { size?: number; anchor?: string; bold?: boolean; fill?: string; rotate?: number } = {}): string {
  const transform = options.rotate ? ` transform="rotate(${options.rotate} ${x} ${y})"` : '';
  return `<text x="${x}" y="${y}" font-family="${FONT}" font-size="${options.size ?? 13}" text-anchor="${options.anchor ?? 'start'}"${options.bold ? ' font-weight="bold"' : ''} fill="${options.fill ?? '#212121'}"${transform}>${escape(text)}</text>`;
}

function legend(x: number, y: number, entries: { color: string; text: string }[]): string {
  return entries
    .map((e, i) => {
      const at = x + i * 170;
      return `<rect x="${at}" y="${y - 11}" width="14" height="14" fill="${e.color}"/>${label(at + 20, y, e.text)}`;
    })
    .join('');
}

/** The chart as SVG: one panel per part that has data; a note where there is none yet. */
export function chartSvg(input: ChartInput, t: Translate): string {
  const parts: string[] = [];
  let y = 40;
  parts.push(label(WIDTH / 2, y, input.title, { size: 20, anchor: 'middle', bold: true }));
  y += 30;

  // Meetings per week: stacked bars.
  parts.push(label(40, y, t('chart-meetings-title'), { size: 16, bold: true }));
  y += 10;
  const meetingsTop = y + 20;
  const meetingsHeight = 220;
  if (input.weeks.length === 0) {
    parts.push(label(60, meetingsTop + 40, t('chart-no-meetings'), { fill: COLORS.axis }));
    y = meetingsTop + 70;
  } else {
    const max = Math.max(1, ...input.weeks.map((w) => w.held + w.missed + w.planned));
    const step = niceStep(max);
    const top = Math.ceil(max / step) * step;
    const left = 70;
    const plotWidth = WIDTH - left - 40;
    const slot = plotWidth / input.weeks.length;
    const bar = Math.max(4, Math.min(40, slot * 0.7));
    const base = meetingsTop + meetingsHeight;
    for (let v = 0; v <= top; v += step) {
      const gy = base - (v / top) * meetingsHeight;
      parts.push(`<line x1="${left}" y1="${gy}" x2="${WIDTH - 40}" y2="${gy}" stroke="${COLORS.grid}"/>`);
      parts.push(label(left - 8, gy + 4, String(v), { anchor: 'end', size: 12, fill: COLORS.axis }));
    }
    input.weeks.forEach((week, i) => {
      const x = left + i * slot + (slot - bar) / 2;
      let stackTop = base;
      for (const kind of ['held', 'missed', 'planned'] as const) {
        const h = (week[kind] / top) * meetingsHeight;
        if (h > 0) {
          stackTop -= h;
          parts.push(`<rect x="${x.toFixed(1)}" y="${stackTop.toFixed(1)}" width="${bar.toFixed(1)}" height="${h.toFixed(1)}" fill="${COLORS[kind]}"/>`);
        }
      }
      const every = Math.ceil(input.weeks.length / 13);
      if (i % every === 0) {
        const [yyyy, mm, dd] = week.week.split('-');
        parts.push(label(x + bar / 2, base + 18, `${dd}.${mm}${yyyy && i === 0 ? `.${yyyy}` : ''}`, { anchor: 'middle', size: 11, fill: COLORS.axis }));
      }
    });
    parts.push(`<line x1="${left}" y1="${base}" x2="${WIDTH - 40}" y2="${base}" stroke="${COLORS.axis}"/>`);
    y = base + 45;
    parts.push(
      legend(left, y, [
        { color: COLORS.held, text: t('chart-held') },
        { color: COLORS.missed, text: t('chart-missed') },
        { color: COLORS.planned, text: t('chart-planned') },
      ]),
    );
    y += 20;
  }

  // Satisfaction before and after: grouped bars on the 1–10 scale.
  y += 30;
  parts.push(label(40, y, t('chart-satisfaction-title'), { size: 16, bold: true }));
  const items = input.satisfaction.flatMap((group) => group.items.map((item) => ({ role: group.role, item })));
  const answered = items.some(({ item }) => item.before.count > 0 || item.after.count > 0);
  const satisfactionTop = y + 30;
  const satisfactionHeight = 200;
  if (!answered) {
    parts.push(label(60, satisfactionTop + 30, t('chart-no-satisfaction'), { fill: COLORS.axis }));
    y = satisfactionTop + 60;
  } else {
    const left = 70;
    const plotWidth = WIDTH - left - 40;
    const slot = plotWidth / items.length;
    const bar = Math.min(28, slot * 0.35);
    const base = satisfactionTop + satisfactionHeight;
    for (let v = 0; v <= 10; v += 2) {
      const gy = base - (v / 10) * satisfactionHeight;
      parts.push(`<line x1="${left}" y1="${gy}" x2="${WIDTH - 40}" y2="${gy}" stroke="${COLORS.grid}"/>`);
      parts.push(label(left - 8, gy + 4, String(v), { anchor: 'end', size: 12, fill: COLORS.axis }));
    }
    items.forEach(({ role, item }, i) => {
      const center = left + i * slot + slot / 2;
      const pairs: [number | null, string, number][] = [
        [item.before.average, COLORS.before, center - bar - 1],
        [item.after.average, COLORS.after, center + 1],
      ];
      for (const [value, color, x] of pairs) {
        if (value === null) continue;
        const h = (value / 10) * satisfactionHeight;
        parts.push(`<rect x="${x.toFixed(1)}" y="${(base - h).toFixed(1)}" width="${bar.toFixed(1)}" height="${h.toFixed(1)}" fill="${color}"/>`);
        parts.push(label(x + bar / 2, base - h - 4, value.toFixed(1), { anchor: 'middle', size: 11 }));
      }
      parts.push(label(center, base + 16, t('chart-item', { role, item: t('report-item', { item: item.item }) }), { anchor: 'end', size: 11, fill: COLORS.axis, rotate: -30 }));
    });
    parts.push(`<line x1="${left}" y1="${base}" x2="${WIDTH - 40}" y2="${base}" stroke="${COLORS.axis}"/>`);
    y = base + 120;
    parts.push(
      legend(left, y, [
        { color: COLORS.before, text: t('chart-before') },
        { color: COLORS.after, text: t('chart-after') },
      ]),
    );
    y += 20;
  }
  const height = Math.round(y + 20);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}"><rect width="100%" height="100%" fill="#ffffff"/>${parts.join('')}</svg>`;
}

function niceStep(max: number): number {
  const rough = max / 5;
  const magnitude = 10 ** Math.floor(Math.log10(Math.max(1, rough)));
  for (const m of [1, 2, 5, 10]) if (m * magnitude >= rough) return m * magnitude;
  return 10 * magnitude;
}

export async function renderPng(svg: string): Promise<Uint8Array> {
  // Loaded on first use: the renderer (a native module) is not carried by an instance that never draws.
  const { Resvg } = await import('@resvg/resvg-js');
  const resvg = new Resvg(svg, { font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: FONT } });
  return new Uint8Array(resvg.render().asPng());
}

// Unit tests of neutral buttons -> VK keyboards: limits, splitting over messages, labels, payloads.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Button } from '../../../flows/events';
import {
  CONTINUATION_TEXT,
  INLINE_LIMITS,
  LABEL_MAX_LENGTH,
  NORMAL_LIMITS,
  planMessages,
  splitKeyboard,
  toVkKeyboard,
  truncateLabel,
  wrapPayload,
  type VkClientCapabilities,
} from '../../../bots/vk/keyboard';

const button = (label: string, payload = 'pick:1:2:3'): Button => ({ label, payload });
const numbered = (count: number): Button[] => Array.from({ length: count }, (_, i) => button(`B${i}`, `pick:1:2:${i}`));

const modern: VkClientCapabilities = { callback: true, inlineKeyboard: true, keyboard: true };
const noCallback: VkClientCapabilities = { callback: false, inlineKeyboard: true, keyboard: true };
const noInline: VkClientCapabilities = { callback: false, inlineKeyboard: false, keyboard: true };
const noKeyboards: VkClientCapabilities = { callback: false, inlineKeyboard: false, keyboard: false };

interface VkButtonJson {
  action: { type: string; label: string; payload: string };
  color: string;
}

function parse(keyboard: string | undefined): { inline?: boolean; one_time?: boolean; buttons: VkButtonJson[][] } {
  if (keyboard === undefined) throw new Error('no keyboard');
  return JSON.parse(keyboard) as { inline?: boolean; one_time?: boolean; buttons: VkButtonJson[][] };
}

describe('splitKeyboard', () => {
  it('keeps a keyboard that fits as one page', () => {
    const rows = [numbered(2), numbered(3)];
    expect(splitKeyboard(rows, INLINE_LIMITS)).toEqual([rows]);
  });

  it('breaks a row wider than five buttons into consecutive rows', () => {
    const row = numbered(7);
    expect(splitKeyboard([row], INLINE_LIMITS)).toEqual([[row.slice(0, 5), row.slice(5)]]);
  });

  it('starts a new page after six rows of an inline keyboard', () => {
    const rows = numbered(8).map((b) => [b]);
    expect(splitKeyboard(rows, INLINE_LIMITS).map((page) => page.length)).toEqual([6, 2]);
  });

  it('starts a new page before an inline keyboard would pass ten buttons, without splitting a row', () => {
    const rows = [numbered(4), numbered(4), numbered(4)];
    expect(splitKeyboard(rows, INLINE_LIMITS).map((page) => page.map((r) => r.length))).toEqual([[4, 4], [4]]);
  });

  it('never loses, reorders or duplicates a button, and every page fits the limits', () => {
    const rowsArbitrary = fc.array(fc.array(fc.integer({ min: 0, max: 999 }), { maxLength: 12 }), { maxLength: 40 });
    fc.assert(
      fc.property(rowsArbitrary, fc.constantFrom(INLINE_LIMITS, NORMAL_LIMITS), (ids, limits) => {
        const rows = ids.map((row) => row.map((id) => button(`L${id}`, `pick:1:1:${id}`)));
        const pages = splitKeyboard(rows, limits);
        expect(pages.flat(2)).toEqual(rows.flat());
        for (const page of pages) {
          expect(page.length).toBeGreaterThan(0);
          expect(page.length).toBeLessThanOrEqual(limits.rows);
          expect(page.flat().length).toBeLessThanOrEqual(limits.total);
          for (const row of page) expect(row.length).toBeLessThanOrEqual(limits.perRow);
        }
      }),
    );
  });
});

describe('planMessages', () => {
  it('a message without buttons is one message without a keyboard', () => {
    expect(planMessages({ text: 'Спасибо!' }, modern)).toEqual([{ text: 'Спасибо!' }]);
  });

  it('a client with callback support gets inline callback buttons with wrapped payloads', () => {
    const [only] = planMessages({ text: 'Согласны?', buttons: [[button('Да', 'consent:yes'), button('Нет', 'consent:no')]] }, modern);
    expect(only?.text).toBe('Согласны?');
    expect(parse(only?.keyboard)).toEqual({
      inline: true,
      buttons: [
        [
          { action: { type: 'callback', label: 'Да', payload: '{"p":"consent:yes"}' }, color: 'secondary' },
          { action: { type: 'callback', label: 'Нет', payload: '{"p":"consent:no"}' }, color: 'secondary' },
        ],
      ],
    });
  });

  it('a client without callback support gets inline text buttons', () => {
    const [only] = planMessages({ text: 'Согласны?', buttons: [[button('Да', 'consent:yes')]] }, noCallback);
    expect(parse(only?.keyboard).buttons[0]?.[0]?.action).toEqual({ type: 'text', label: 'Да', payload: '{"p":"consent:yes"}' });
  });

  it('a client without inline keyboards gets a one-time keyboard under the input field', () => {
    const [only] = planMessages({ text: 'Согласны?', buttons: [[button('Да', 'consent:yes')]] }, noInline);
    expect(parse(only?.keyboard)).toMatchObject({ one_time: true });
    expect(parse(only?.keyboard).inline).toBeUndefined();
  });

  it('a client without keyboards gets the labels as lines of text', () => {
    expect(planMessages({ text: 'Согласны?', buttons: [[button('Да'), button('Нет')]] }, noKeyboards)).toEqual([
      { text: 'Согласны?\n\n— Да\n— Нет' },
    ]);
  });

  it('a long list goes over several messages: the text first, then "…" with the rest', () => {
    const buttons = numbered(25).map((b) => [b]);
    const planned = planMessages({ text: 'Выберите интересы', buttons }, modern);
    expect(planned.map((p) => p.text)).toEqual(['Выберите интересы', CONTINUATION_TEXT, CONTINUATION_TEXT, CONTINUATION_TEXT, CONTINUATION_TEXT]);
    const payloads = planned.flatMap((p) => parse(p.keyboard).buttons.flat().map((b) => b.action.payload));
    expect(payloads).toEqual(buttons.flat().map((b) => wrapPayload(b.payload)));
  });

  it('empty rows are dropped and an empty text with buttons still sends something', () => {
    const [only] = planMessages({ text: '  ', buttons: [[], [button('Ок')], []] }, modern);
    expect(only?.text).toBe(CONTINUATION_TEXT);
    expect(parse(only?.keyboard).buttons).toHaveLength(1);
  });

  it('text is sent as it is, with nothing escaped', () => {
    const text = '<b>Важно</b> & "кавычки" *звёздочки* _подчёркивания_ [id1|ссылка]';
    expect(planMessages({ text }, modern)).toEqual([{ text }]);
  });
});

describe('toVkKeyboard', () => {
  it('refuses an empty payload, which could never be pressed meaningfully', () => {
    expect(() => toVkKeyboard([[button('x', '')]], 'inline-callback')).toThrow(/payload/);
  });

  it('refuses a payload longer than VK takes', () => {
    expect(() => toVkKeyboard([[button('x', '"'.repeat(130))]], 'inline-callback')).toThrow(/255/);
  });

  it('refuses an empty label', () => {
    expect(() => toVkKeyboard([[button('   ')]], 'inline-text')).toThrow(/label/);
  });
});

describe('truncateLabel', () => {
  it('leaves a label within the limit unchanged', () => {
    expect(truncateLabel('Работодатель–студент')).toBe('Работодатель–студент');
  });

  it('shortens a long label to forty characters ending in an ellipsis', () => {
    const label = truncateLabel('Профориентация и выбор будущей профессии в IT-сфере');
    expect(label).toHaveLength(LABEL_MAX_LENGTH);
    expect(label.endsWith('…')).toBe(true);
  });

  it('never splits an emoji, counting it as VK does in UTF-16 units', () => {
    const label = truncateLabel('👩‍🏫'.repeat(20));
    expect(label.length).toBeLessThanOrEqual(LABEL_MAX_LENGTH);
    expect(label.replace('…', '')).toBe('👩‍🏫'.repeat((label.length - 1) / 5));
  });

  it('folds line breaks into spaces', () => {
    expect(truncateLabel('Да,\nсогласен')).toBe('Да, согласен');
  });
});

// Unit tests of neutral buttons -> Telegram inline keyboard.
import { describe, expect, it } from 'vitest';
import { BUTTONS_PER_ROW_MAX, LABEL_MAX_LENGTH, toInlineKeyboard, truncateLabel } from '../../../bots/telegram/keyboard';

const button = (label: string, payload = 'pick:1:2:3') => ({ label, payload });

describe('toInlineKeyboard', () => {
  it('keeps rows, labels and payloads as callback buttons', () => {
    expect(toInlineKeyboard([[button('Да', 'consent:yes'), button('Нет', 'consent:no')], [button('Назад', 'back:1:2')]])).toEqual({
      inline_keyboard: [
        [
          { text: 'Да', callback_data: 'consent:yes' },
          { text: 'Нет', callback_data: 'consent:no' },
        ],
        [{ text: 'Назад', callback_data: 'back:1:2' }],
      ],
    });
  });

  it('drops empty rows', () => {
    expect(toInlineKeyboard([[], [button('A')], []]).inline_keyboard).toHaveLength(1);
  });

  it('accepts a payload of exactly 64 bytes', () => {
    const payload = 'я'.repeat(32);
    expect(toInlineKeyboard([[button('ok', payload)]]).inline_keyboard[0]?.[0]).toEqual({ text: 'ok', callback_data: payload });
  });

  it('refuses a payload longer than 64 bytes even when it is 33 characters', () => {
    expect(() => toInlineKeyboard([[button('x', 'я'.repeat(32) + 'a')]])).toThrow(/64/);
  });

  it('refuses an empty payload or an empty label', () => {
    expect(() => toInlineKeyboard([[button('x', '')]])).toThrow(/payload/);
    expect(() => toInlineKeyboard([[button('   ')]])).toThrow(/label/);
  });

  it('refuses a row wider than Telegram allows', () => {
    const row = Array.from({ length: BUTTONS_PER_ROW_MAX + 1 }, (_, i) => button(String(i)));
    expect(() => toInlineKeyboard([row])).toThrow(/row/);
  });
});

describe('truncateLabel', () => {
  it('leaves a label within the limit unchanged', () => {
    expect(truncateLabel('Учитель–ученик')).toBe('Учитель–ученик');
  });

  it('shortens a long label to the limit with an ellipsis', () => {
    const label = truncateLabel('м'.repeat(LABEL_MAX_LENGTH + 10));
    expect(Array.from(label)).toHaveLength(LABEL_MAX_LENGTH);
    expect(label.endsWith('…')).toBe(true);
  });

  it('never splits an emoji when shortening', () => {
    const label = truncateLabel('👩‍🏫'.repeat(LABEL_MAX_LENGTH + 1));
    expect(label).toBe('👩‍🏫'.repeat(LABEL_MAX_LENGTH - 1) + '…');
  });

  it('folds line breaks into spaces', () => {
    expect(truncateLabel('Да,\nсогласен')).toBe('Да, согласен');
  });
});

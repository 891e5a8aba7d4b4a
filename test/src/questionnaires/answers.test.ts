import { describe, expect, it } from 'vitest';
import {
  buttonValues,
  firstUnanswered,
  isApplicable,
  missingRequired,
  parseOtherText,
  parseTextAnswer,
  validateSelection,
} from '../../../src/questionnaires/answers';
import { questionSchema, questionnaireSchema, type AnswerValue, type Question } from '../../../src/questionnaires/definition';

const ctx = { now: new Date('2026-11-22T10:00:00Z'), timezone: 'Europe/Moscow' };
const q = (raw: unknown): Question => questionSchema.parse(raw);

describe('typed answers by question kind', () => {
  const text = q({ id: 'goal', kind: 'text', prompt: 'p', maxLength: 300 });
  it('accepts text within the limit and trims it', () => {
    expect(parseTextAnswer(text, '  стать увереннее  ', ctx)).toEqual({ ok: true, value: { kind: 'text', text: 'стать увереннее' } });
  });
  it('refuses 5,000 characters where 300 are allowed, saying how long it was', () => {
    const result = parseTextAnswer(text, 'я'.repeat(5000), ctx);
    expect(result).toEqual({ ok: false, error: 'answer-error-too-long', args: { max: 300, length: 5000 } });
  });
  it('refuses an empty text', () => {
    expect(parseTextAnswer(text, '   ', ctx)).toMatchObject({ ok: false, error: 'answer-error-empty' });
  });
  it('counts emoji as one character each', () => {
    const short = q({ id: 'x', kind: 'text', prompt: 'p', maxLength: 3 });
    expect(parseTextAnswer(short, '👍👍👍', ctx).ok).toBe(true);
  });

  const integer = q({ id: 'capacity', kind: 'integer', prompt: 'p', min: 1, max: 10 });
  it('accepts an integer in range', () => {
    expect(parseTextAnswer(integer, ' 7 ', ctx)).toEqual({ ok: true, value: { kind: 'integer', value: 7 } });
  });
  it.each(['0', '11', '-3'])('refuses %s outside 1..10', (input) => {
    expect(parseTextAnswer(integer, input, ctx)).toMatchObject({ ok: false, error: 'answer-error-range' });
  });
  it.each(['семь', '7.5', '1e3', ''])('refuses %j as not a number', (input) => {
    expect(parseTextAnswer(integer, input, ctx)).toMatchObject({ ok: false, error: 'answer-error-number' });
  });

  const scale = q({ id: 'mood', kind: 'scale', prompt: 'p' });
  it('reads a scale answer 1..10 and refuses 0', () => {
    expect(parseTextAnswer(scale, '10', ctx)).toEqual({ ok: true, value: { kind: 'scale', value: 10 } });
    expect(parseTextAnswer(scale, '0', ctx)).toMatchObject({ ok: false });
  });

  const date = q({ id: 'birth', kind: 'date', prompt: 'p', minYearsFromNow: -100, maxYearsFromNow: 0 });
  it('reads a date written as DD.MM.YYYY', () => {
    expect(parseTextAnswer(date, '01.09.2012', ctx)).toEqual({ ok: true, value: { kind: 'date', date: '2012-09-01' } });
  });
  it('refuses an impossible date and a date in the future', () => {
    expect(parseTextAnswer(date, '31.02.2012', ctx)).toMatchObject({ ok: false, error: 'answer-error-date' });
    expect(parseTextAnswer(date, '01.01.2030', ctx)).toMatchObject({ ok: false, error: 'answer-error-date-range' });
  });

  const yesno = q({ id: 'ok', kind: 'yesno', prompt: 'p' });
  it('reads да and нет, refuses anything else', () => {
    expect(parseTextAnswer(yesno, 'Да', ctx)).toEqual({ ok: true, value: { kind: 'yesno', value: true } });
    expect(parseTextAnswer(yesno, 'нет', ctx)).toEqual({ ok: true, value: { kind: 'yesno', value: false } });
    expect(parseTextAnswer(yesno, 'может быть', ctx)).toMatchObject({ ok: false, error: 'answer-error-use-buttons' });
  });

  const single = q({ id: 'format', kind: 'single', prompt: 'p', options: [{ id: 'online', label: 'a' }, { id: 'offline', label: 'b' }] });
  it('accepts a typed option label on a single choice, refuses other text', () => {
    const labels = ['Онлайн', 'Очно'];
    expect(parseTextAnswer(single, 'очно', { ...ctx, optionLabels: labels })).toEqual({ ok: true, value: { kind: 'single', option: 'offline' } });
    expect(parseTextAnswer(single, 'по телефону', { ...ctx, optionLabels: labels })).toMatchObject({ ok: false, error: 'answer-error-use-buttons' });
  });
  it('gives one button value per option, yes/no and small ranges', () => {
    expect(buttonValues(single, ['online', 'offline'])).toHaveLength(2);
    expect(buttonValues(yesno, [])).toEqual([{ kind: 'yesno', value: true }, { kind: 'yesno', value: false }]);
    expect(buttonValues(scale, [])).toHaveLength(10);
    expect(buttonValues(q({ id: 'big', kind: 'integer', prompt: 'p', min: 1, max: 100 }), [])).toEqual([]);
  });

  const multi = q({ id: 'help', kind: 'multi', prompt: 'p', options: [{ id: 'a', label: 'a' }], allowOther: true, maxSelected: 2, otherMaxLength: 10 });
  it('needs at least one choice and at most the maximum in a multi choice', () => {
    if (multi.kind !== 'multi') throw new Error('multi expected');
    expect(validateSelection(multi, [], undefined)).toMatchObject({ ok: false, error: 'answer-error-select-min' });
    expect(validateSelection(multi, ['a'], 'своё')).toEqual({ ok: true, value: { kind: 'multi', options: ['a'], other: 'своё' } });
    expect(validateSelection(multi, ['a', 'b'], 'своё')).toMatchObject({ ok: false, error: 'answer-error-select-max' });
    expect(parseOtherText(multi, 'слишком длинный вариант')).toMatchObject({ ok: false, error: 'answer-error-too-long' });
  });
  it('asks for buttons when a multi choice is answered by text', () => {
    expect(parseTextAnswer(multi, 'всё', ctx)).toMatchObject({ ok: false, error: 'answer-error-use-buttons-multi' });
  });
});

describe('conditional questions', () => {
  const definition = questionnaireSchema.parse({
    key: 'demo',
    version: 1,
    audience: 'mentee',
    purpose: 'intake',
    title: 't',
    questions: [
      { id: 'group', kind: 'single', prompt: 'p', options: [{ id: 'student', label: 'a' }, { id: 'teacher', label: 'b' }] },
      { id: 'class', kind: 'integer', prompt: 'p', min: 5, max: 11, when: { question: 'group', in: ['student'] } },
      { id: 'position', kind: 'text', prompt: 'p', maxLength: 100, when: { question: 'group', in: ['teacher'] } },
      { id: 'note', kind: 'text', prompt: 'p', maxLength: 100, optional: true },
    ],
  });
  const answers = (entries: [string, AnswerValue][]) => new Map(entries);

  it('asks the class of a student and not the position', () => {
    const given = answers([['group', { kind: 'single', option: 'student' }]]);
    const [, classQ, positionQ] = definition.questions;
    if (!classQ || !positionQ) throw new Error('fixture');
    expect(isApplicable(classQ, given)).toBe(true);
    expect(isApplicable(positionQ, given)).toBe(false);
    expect(firstUnanswered(definition, given)).toBe(1);
  });
  it('lists only applicable unanswered questions as missing', () => {
    const given = answers([
      ['group', { kind: 'single', option: 'teacher' }],
      ['position', { kind: 'text', text: 'учитель физики' }],
    ]);
    expect(missingRequired(definition, given).map((x) => x.id)).toEqual(['note']);
  });
});

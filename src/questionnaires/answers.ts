// Pure answer logic: which questions apply, what a typed answer means, whether a selection is valid.
// Errors are values with a locale key; the flow turns them into a message.
import { DateTime } from 'luxon';
import type { TextArgs } from '../i18n';
import type { AnswerValue, Question, QuestionnaireDefinition } from './definition';

export type AnswerResult = { ok: true; value: AnswerValue } | { ok: false; error: string; args?: TextArgs };

export type AnswerMap = ReadonlyMap<string, AnswerValue>;

/** A question applies when it has no condition or the earlier answer it names is one of the listed options. */
export function isApplicable(question: Question, answers: AnswerMap): boolean {
  if (!question.when) return true;
  const earlier = answers.get(question.when.question);
  if (!earlier) return false;
  const chosen = earlier.kind === 'single' ? [earlier.option] : earlier.kind === 'multi' ? earlier.options : [];
  return chosen.some((option) => question.when?.in.includes(option));
}

/** Index of the first applicable question without an answer, or -1 when all are answered. */
export function firstUnanswered(definition: QuestionnaireDefinition, answers: AnswerMap): number {
  return definition.questions.findIndex((q) => isApplicable(q, answers) && !answers.has(q.id));
}

/** The next applicable question after `index`, or -1 at the end. */
export function nextApplicable(definition: QuestionnaireDefinition, answers: AnswerMap, index: number): number {
  for (let i = index + 1; i < definition.questions.length; i++) {
    const question = definition.questions[i];
    if (question && isApplicable(question, answers)) return i;
  }
  return -1;
}

export function previousApplicable(definition: QuestionnaireDefinition, answers: AnswerMap, index: number): number {
  for (let i = index - 1; i >= 0; i--) {
    const question = definition.questions[i];
    if (question && isApplicable(question, answers)) return i;
  }
  return -1;
}

/** Required applicable questions still unanswered (checked before a response is submitted). */
export function missingRequired(definition: QuestionnaireDefinition, answers: AnswerMap): Question[] {
  return definition.questions.filter((q) => isApplicable(q, answers) && !answers.has(q.id));
}

export interface TextContext {
  now: Date;
  /** IANA time zone of the organisation, for "today" in date bounds. */
  timezone: string;
  /** Option labels as shown to the user, for a typed label on a choice question. */
  optionLabels?: readonly string[];
}

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Interprets typed text as an answer to the question. */
export function parseTextAnswer(question: Question, raw: string, ctx: TextContext): AnswerResult {
  const text = collapse(raw);
  switch (question.kind) {
    case 'text': {
      const length = [...raw.trim()].length;
      if (length < question.minLength) return { ok: false, error: 'answer-error-empty' };
      if (length > question.maxLength) {
        return { ok: false, error: 'answer-error-too-long', args: { max: question.maxLength, length } };
      }
      return { ok: true, value: { kind: 'text', text: raw.trim() } };
    }
    case 'integer':
    case 'scale': {
      if (!/^[-+]?\d{1,9}$/.test(text)) {
        return { ok: false, error: 'answer-error-number', args: { min: question.min, max: question.max } };
      }
      const value = Number.parseInt(text, 10);
      if (value < question.min || value > question.max) {
        return { ok: false, error: 'answer-error-range', args: { min: question.min, max: question.max } };
      }
      return { ok: true, value: { kind: question.kind, value } };
    }
    case 'date':
      return parseDate(question, text, ctx);
    case 'yesno': {
      const lower = text.toLowerCase();
      if (['да', 'yes', 'y', 'д'].includes(lower)) return { ok: true, value: { kind: 'yesno', value: true } };
      if (['нет', 'no', 'n', 'н'].includes(lower)) return { ok: true, value: { kind: 'yesno', value: false } };
      return { ok: false, error: 'answer-error-use-buttons' };
    }
    case 'single': {
      const index = matchLabel(text, ctx.optionLabels);
      const option = index === undefined ? undefined : question.options[index];
      if (!option) return { ok: false, error: 'answer-error-use-buttons' };
      return { ok: true, value: { kind: 'single', option: option.id } };
    }
    case 'multi':
      return { ok: false, error: 'answer-error-use-buttons-multi' };
  }
}

function matchLabel(text: string, labels: readonly string[] | undefined): number | undefined {
  if (!labels) return undefined;
  const wanted = text.toLocaleLowerCase('ru');
  const index = labels.findIndex((label) => collapse(label).toLocaleLowerCase('ru') === wanted);
  return index < 0 ? undefined : index;
}

const dateFormats = ['d.M.yyyy', 'd.M.yy', 'yyyy-MM-dd', 'd/M/yyyy', 'd-M-yyyy'];

function parseDate(question: Extract<Question, { kind: 'date' }>, text: string, ctx: TextContext): AnswerResult {
  const parsed = dateFormats
    .map((format) => DateTime.fromFormat(text, format, { zone: ctx.timezone }))
    .find((d) => d.isValid);
  if (!parsed) return { ok: false, error: 'answer-error-date' };
  const today = DateTime.fromJSDate(ctx.now, { zone: ctx.timezone }).startOf('day');
  const min = question.minYearsFromNow === undefined ? undefined : today.plus({ years: question.minYearsFromNow });
  const max = question.maxYearsFromNow === undefined ? undefined : today.plus({ years: question.maxYearsFromNow });
  if ((min && parsed < min) || (max && parsed > max)) {
    return {
      ok: false,
      error: 'answer-error-date-range',
      args: { min: min?.toFormat('dd.MM.yyyy') ?? '—', max: max?.toFormat('dd.MM.yyyy') ?? '—' },
    };
  }
  return { ok: true, value: { kind: 'date', date: parsed.toISODate() ?? text } };
}

/** Checks a finished multi-choice selection against the question's bounds. */
export function validateSelection(
  question: Extract<Question, { kind: 'multi' }>,
  selected: readonly string[],
  other: string | undefined,
): AnswerResult {
  const count = selected.length + (other ? 1 : 0);
  if (count < question.minSelected) return { ok: false, error: 'answer-error-select-min', args: { min: question.minSelected } };
  if (question.maxSelected !== undefined && count > question.maxSelected) {
    return { ok: false, error: 'answer-error-select-max', args: { max: question.maxSelected } };
  }
  return { ok: true, value: { kind: 'multi', options: [...selected], ...(other ? { other } : {}) } };
}

/** Checks a typed "other" answer of a multi-choice question. */
export function parseOtherText(question: Extract<Question, { kind: 'multi' }>, raw: string): AnswerResult {
  const text = raw.trim();
  const length = [...text].length;
  if (length === 0) return { ok: false, error: 'answer-error-empty' };
  if (length > question.otherMaxLength) {
    return { ok: false, error: 'answer-error-too-long', args: { max: question.otherMaxLength, length } };
  }
  return { ok: true, value: { kind: 'text', text } };
}

/** The values a button press can give, by option index (choice, yes/no, scale and small ranges). */
export function buttonValues(question: Question, optionIds: readonly string[]): AnswerValue[] {
  switch (question.kind) {
    case 'single':
      return optionIds.map((option) => ({ kind: 'single', option }));
    case 'yesno':
      return [
        { kind: 'yesno', value: true },
        { kind: 'yesno', value: false },
      ];
    case 'scale':
    case 'integer':
      if (question.max - question.min > 11) return [];
      return Array.from({ length: question.max - question.min + 1 }, (_, i) => ({ kind: question.kind, value: question.min + i }));
    default:
      return [];
  }
}

// How questions and answers look in a chat: option labels (from locale keys or the programme's own
// topics) and an answer written out for the summary.
import { DateTime } from 'luxon';
import type { AnswerValue, Question } from '../src/questionnaires/definition';

export interface ShownOption {
  id: string;
  label: string;
}

type Translate = (key: string) => string;

/** The options a person sees; a programme's topics replace the default list when the question asks so. */
export function resolveOptions(question: Question, programmeTopics: string[] | null, t: Translate): ShownOption[] {
  if (question.kind !== 'single' && question.kind !== 'multi') return [];
  if (question.kind === 'multi' && question.optionsSource === 'programme.topics' && programmeTopics && programmeTopics.length > 0) {
    return programmeTopics.map((topic) => ({ id: topic, label: topic }));
  }
  return question.options.map((o) => ({ id: o.id, label: t(o.label) }));
}

export function formatAnswer(question: Question, value: AnswerValue, options: ShownOption[], t: Translate): string {
  const labelOf = (id: string) => options.find((o) => o.id === id)?.label ?? id;
  switch (value.kind) {
    case 'skipped':
      return t('answer-skipped');
    case 'single':
      return labelOf(value.option);
    case 'multi':
      return [...value.options.map(labelOf), ...(value.other ? [value.other] : [])].join(', ') || '—';
    case 'text':
      return value.text;
    case 'integer':
    case 'scale':
      return String(value.value);
    case 'date':
      return DateTime.fromISO(value.date).toFormat('dd.MM.yyyy');
    case 'yesno':
      return t(value.value ? 'answer-yes' : 'answer-no');
  }
  return question.id;
}

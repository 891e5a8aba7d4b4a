// Short cards of candidates for the preference round and self-matching: a few intake answers (who
// they are, what they ask for or can help with, format, free time), never a contact.
import type { AnswerValue } from '../../src/questionnaires/definition';
import type { Conversation } from '../context';
import { formatAnswer, resolveOptions } from '../questionnaire-view';

const CARD_QUESTIONS = {
  mentee: ['role_group', 'grade', 'requests', 'interests', 'goals', 'format', 'free_time'],
  mentor: ['role_group', 'organisation', 'competences', 'experience', 'format', 'free_time'],
} as const;
/** A long free-text answer is cut here: a card is a glance, the pair proposal shows more. */
const VALUE_MAX = 120;

function clip(text: string): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return chars.length <= VALUE_MAX ? chars.join('') : `${chars.slice(0, VALUE_MAX - 1).join('')}…`;
}

/** "• label: value" lines of a candidate's intake, in the reader's language. */
export function shortCard(ctx: Conversation, role: 'mentee' | 'mentor', answers: Map<string, AnswerValue> | undefined): string[] {
  const entry = ctx.deps.catalog.intakeFor(role);
  if (!entry || !answers) return [];
  const t = (key: string) => ctx.t(key);
  const lines: string[] = [];
  for (const id of CARD_QUESTIONS[role]) {
    const question = entry.definition.questions.find((q) => q.id === id);
    const value = answers.get(id);
    if (!question || !value || value.kind === 'skipped') continue;
    lines.push(`• ${ctx.t(question.summaryLabel ?? question.prompt)}: ${clip(formatAnswer(question, value, resolveOptions(question, null, t), t))}`);
  }
  return lines;
}

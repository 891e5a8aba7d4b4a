// The shape of a questionnaire definition: data validated by zod, texts by locale keys.
// A new or changed questionnaire is a new JSON file (bump `version`), never new flow code.
import { z } from 'zod';

const id = z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, 'lower-case id of at most 32 characters');
const localeKey = z.string().regex(/^[a-z][a-z0-9-]*$/, 'a Fluent message id');

export const optionSchema = z.object({ id, label: localeKey });

const base = {
  id,
  /** Locale key of the question text. */
  prompt: localeKey,
  /** Optional questions get a "skip" button. */
  optional: z.boolean().default(false),
  /** Ask only when another (earlier) question's answer is one of the listed option ids. */
  when: z.object({ question: id, in: z.array(z.string()).min(1) }).optional(),
  /** Copies the answer into the person's profile (only fullName exists today). */
  profileField: z.enum(['fullName']).optional(),
  /** Short label for the summary; the prompt is used when absent. */
  summaryLabel: localeKey.optional(),
};

export const questionSchema = z.discriminatedUnion('kind', [
  z.object({ ...base, kind: z.literal('single'), options: z.array(optionSchema).min(2).max(30) }),
  z.object({
    ...base,
    kind: z.literal('multi'),
    options: z.array(optionSchema).min(1).max(30),
    /** Take the options from the programme's topics when the programme has them. */
    optionsSource: z.enum(['programme.topics']).optional(),
    /** Adds an "other, I will type it" button; the typed text is kept beside the selection. */
    allowOther: z.boolean().default(false),
    otherMaxLength: z.number().int().min(1).max(1000).default(200),
    minSelected: z.number().int().min(0).default(1),
    maxSelected: z.number().int().min(1).optional(),
  }),
  z.object({ ...base, kind: z.literal('text'), maxLength: z.number().int().min(1).max(4000), minLength: z.number().int().min(1).default(1) }),
  z.object({ ...base, kind: z.literal('integer'), min: z.number().int(), max: z.number().int() }),
  z.object({
    ...base,
    kind: z.literal('date'),
    /** Bounds relative to today, in years (e.g. -100 .. 0 for a birth date). */
    minYearsFromNow: z.number().int().optional(),
    maxYearsFromNow: z.number().int().optional(),
  }),
  z.object({ ...base, kind: z.literal('yesno') }),
  z.object({ ...base, kind: z.literal('scale'), min: z.number().int().default(1), max: z.number().int().default(10) }),
]);

export const questionnaireSchema = z
  .object({
    key: z.string().regex(/^[a-z][a-z0-9-]{0,63}$/),
    version: z.number().int().min(1),
    /** Who answers it. */
    audience: z.enum(['mentee', 'mentor', 'curator', 'any']),
    /** What it is for: the intake at joining, or later questionnaires (reflection, satisfaction). */
    purpose: z.enum(['intake', 'satisfaction', 'reflection', 'other']),
    title: localeKey,
    questions: z.array(questionSchema).min(1).max(60),
  })
  .superRefine((q, ctx) => {
    const seen = new Set<string>();
    for (const [i, question] of q.questions.entries()) {
      if (seen.has(question.id)) ctx.addIssue({ code: 'custom', path: ['questions', i, 'id'], message: `duplicate question id ${question.id}` });
      if (question.when && !seen.has(question.when.question)) {
        ctx.addIssue({ code: 'custom', path: ['questions', i, 'when'], message: `"when" must name an earlier question` });
      }
      seen.add(question.id);
      if ((question.kind === 'integer' || question.kind === 'scale') && question.min > question.max) {
        ctx.addIssue({ code: 'custom', path: ['questions', i], message: 'min is greater than max' });
      }
    }
  });

export type QuestionnaireDefinition = z.infer<typeof questionnaireSchema>;
export type Question = z.infer<typeof questionSchema>;
export type QuestionKind = Question['kind'];
export type QuestionOption = z.infer<typeof optionSchema>;

/** The stored value of an answer, by question kind (checked for every stored answer on every update: keyed by kind). */
export const answerValueSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('single'), option: z.string() }),
  z.object({ kind: z.literal('multi'), options: z.array(z.string()), other: z.string().optional() }),
  z.object({ kind: z.literal('text'), text: z.string() }),
  z.object({ kind: z.literal('integer'), value: z.number().int() }),
  z.object({ kind: z.literal('date'), date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }),
  z.object({ kind: z.literal('yesno'), value: z.boolean() }),
  z.object({ kind: z.literal('scale'), value: z.number().int() }),
  z.object({ kind: z.literal('skipped') }),
]);
export type AnswerValue = z.infer<typeof answerValueSchema>;

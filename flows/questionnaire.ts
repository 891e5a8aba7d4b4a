// Answering a questionnaire, one question at a time, button-first. Each answer is saved the moment
// it is given; a wrong answer gets a message saying what is expected and the same question again;
// at the end a summary lets the person change any answer before confirming.
import { z } from 'zod';
import type { Membership, ResponseRow } from '../db/schema';
import {
  buttonValues,
  firstUnanswered,
  isApplicable,
  missingRequired,
  nextApplicable,
  parseOtherText,
  parseTextAnswer,
  previousApplicable,
  validateSelection,
  type AnswerMap,
  type AnswerResult,
} from '../src/questionnaires/answers';
import type { CatalogEntry } from '../src/questionnaires/catalog';
import type { AnswerValue, Question } from '../src/questionnaires/definition';
import { getResponse, loadResponse, openIntake, saveAnswer, submitResponse } from '../src/questionnaires/responses';
import type { Conversation, Flow } from './context';
import type { Button, InboundEvent } from './events';
import { formatAnswer, resolveOptions, type ShownOption } from './questionnaire-view';
import { decodePayload, encodePayload } from './payload';
import { questionnaireFollowUp } from './reports/follow-up';

/** The flow's state in flow_states (exported for the consistency checks of the reliability tests). */
export const dataSchema = z.object({
  responseId: z.number().int(),
  /** Index of the question being asked; -1 while the summary is shown. */
  index: z.number().int(),
  mode: z.enum(['ask', 'other', 'summary']),
  /** After changing one answer from the summary, go back to the summary. */
  returnToSummary: z.boolean().default(false),
  /** Multi-choice selection being built (saved with the state, so nothing is lost). */
  draft: z.array(z.string()).default([]),
  draftOther: z.string().optional(),
});
type QuestionnaireData = z.infer<typeof dataSchema>;

interface Loaded {
  data: QuestionnaireData;
  entry: CatalogEntry;
  answers: Map<string, AnswerValue>;
  topics: string[] | null;
  timezone: string;
  membershipId: number;
}

/** Opens (or resumes) the membership's intake questionnaire at its first unanswered question. */
export async function startQuestionnaire(ctx: Conversation, membership: Membership): Promise<void> {
  const opened = await openIntake(ctx.tx, ctx.deps.catalog, membership, ctx.now);
  if (!opened) {
    ctx.logger.error({ role: membership.role }, 'no intake questionnaire for role');
    ctx.reply(ctx.t('error-internal'));
    return;
  }
  await enterQuestionnaire(ctx, opened);
}

/** Puts the person into a response of theirs (the intake or a later questionnaire) at its first unanswered question. */
export async function enterQuestionnaire(ctx: Conversation, opened: { response: ResponseRow; entry: CatalogEntry }): Promise<void> {
  if (opened.response.status === 'submitted') {
    ctx.reply(ctx.t('questionnaire-already-submitted'));
    return;
  }
  const paused = pausedData(ctx);
  const found = await openResponse(ctx, opened.response.id);
  if (!found) return;
  const index = firstUnanswered(opened.entry.definition, found.answers);
  const data: QuestionnaireData = {
    responseId: opened.response.id,
    index,
    mode: index < 0 ? 'summary' : 'ask',
    returnToSummary: false,
    draft: [],
  };
  // A selection left half-made by /cancel is restored when the same question comes back.
  if (paused && paused.responseId === data.responseId && paused.index === index && paused.mode !== 'summary') {
    data.draft = paused.draft;
    data.draftOther = paused.draftOther;
  }
  ctx.enter(questionnaireFlow.name, data);
  if (found.answers.size === 0) ctx.reply(ctx.t('questionnaire-intro', { title: ctx.t(opened.entry.definition.title) }));
  else ctx.reply(ctx.t('questionnaire-resume'));
  show(ctx, { ...found, data });
}

/** A questionnaire paused by /cancel, kept in the state of the flow that interrupted it. */
const pausedSchema = z.object({ flow: z.literal('questionnaire'), data: dataSchema });

function pausedData(ctx: Conversation): QuestionnaireData | undefined {
  const paused = pausedSchema.safeParse(ctx.state.data.paused);
  return paused.success ? paused.data.data : undefined;
}

async function load(ctx: Conversation): Promise<Loaded | undefined> {
  const parsed = dataSchema.safeParse(ctx.state.data);
  if (!parsed.success) return reset(ctx);
  const found = await openResponse(ctx, parsed.data.responseId);
  return found && { ...found, data: parsed.data };
}

/** The response with its answers and context (one round trip), when it is this person's; else the flow is reset. */
async function openResponse(ctx: Conversation, responseId: number): Promise<Omit<Loaded, 'data'> | undefined> {
  const found = await loadResponse(ctx.tx, responseId);
  const entry = found ? ctx.deps.catalog.byId(found.response.questionnaireId) : undefined;
  // The response must belong to this person: state is ours, but never trust a stale reference.
  if (!found || !entry || found.personId !== ctx.person.id) return reset(ctx);
  return {
    entry,
    answers: found.answers,
    topics: found.programmeTopics,
    timezone: found.timezone,
    membershipId: found.response.membershipId,
  };
}

function reset(ctx: Conversation): undefined {
  ctx.leave();
  ctx.reply(ctx.t('flow-reset'));
  return undefined;
}

function save(ctx: Conversation, data: QuestionnaireData): void {
  ctx.enter(questionnaireFlow.name, data);
}

function questionAt(loaded: Loaded, index: number): Question | undefined {
  return loaded.entry.definition.questions[index];
}

function optionsOf(ctx: Conversation, loaded: Loaded, question: Question): ShownOption[] {
  return resolveOptions(question, loaded.topics, (key) => ctx.t(key));
}

/** Shows the current question (or the summary). */
function show(ctx: Conversation, loaded: Loaded, options?: { edit?: boolean }): void {
  const { data } = loaded;
  const question = questionAt(loaded, data.index);
  if (data.mode === 'summary' || !question) return showSummary(ctx, loaded);
  if (data.mode === 'other') {
    ctx.reply(ctx.t('question-other-prompt', { max: question.kind === 'multi' ? question.otherMaxLength : 0 }));
    return;
  }
  const applicable = loaded.entry.definition.questions.filter((q) => isApplicable(q, loaded.answers));
  const position = applicable.indexOf(question) + 1;
  const shown = optionsOf(ctx, loaded, question);
  const r = data.responseId;
  const q = data.index;
  const rows: Button[][] = [];

  switch (question.kind) {
    case 'single':
      shown.forEach((o, i) => rows.push([{ label: o.label, payload: encodePayload('pick', r, q, i) }]));
      break;
    case 'multi':
      shown.forEach((o, i) =>
        rows.push([{ label: `${data.draft.includes(o.id) ? '✅ ' : ''}${o.label}`, payload: encodePayload('pick', r, q, i) }]),
      );
      if (question.allowOther) {
        const label = data.draftOther ? `✅ ${ctx.t('question-other-button')}: ${data.draftOther}` : ctx.t('question-other-button');
        rows.push([{ label, payload: encodePayload('other', r, q) }]);
      }
      rows.push([{ label: ctx.t('question-done-button'), payload: encodePayload('done', r, q) }]);
      break;
    case 'yesno':
      rows.push([
        { label: ctx.t('answer-yes'), payload: encodePayload('pick', r, q, 0) },
        { label: ctx.t('answer-no'), payload: encodePayload('pick', r, q, 1) },
      ]);
      break;
    case 'scale':
    case 'integer': {
      const values = buttonValues(question, []);
      for (let i = 0; i < values.length; i += 5) {
        rows.push(
          values.slice(i, i + 5).map((v, j) => ({
            label: String('value' in v ? v.value : ''),
            payload: encodePayload('pick', r, q, i + j),
          })),
        );
      }
      break;
    }
    default:
      break;
  }
  const nav: Button[] = [];
  if (previousApplicable(loaded.entry.definition, loaded.answers, q) >= 0 && !data.returnToSummary) {
    nav.push({ label: ctx.t('question-back-button'), payload: encodePayload('back', r, q) });
  }
  if (question.optional) nav.push({ label: ctx.t('question-skip-button'), payload: encodePayload('skip', r, q) });
  if (nav.length > 0) rows.push(nav);

  const current = loaded.answers.get(question.id);
  const lines = [
    ctx.t('question-progress', { position, total: applicable.length }),
    ctx.t(question.prompt),
    hint(ctx, question),
  ];
  if (current && current.kind !== 'skipped' && question.kind !== 'multi') {
    lines.push(ctx.t('question-current-answer', { answer: formatAnswer(question, current, shown, (k) => ctx.t(k)) }));
  }
  ctx.reply(lines.filter(Boolean).join('\n\n'), rows, options);
}

function hint(ctx: Conversation, question: Question): string {
  switch (question.kind) {
    case 'text':
      return ctx.t('hint-text', { max: question.maxLength });
    case 'integer':
      return ctx.t('hint-integer', { min: question.min, max: question.max });
    case 'scale':
      return ctx.t('hint-scale', { min: question.min, max: question.max });
    case 'date':
      return ctx.t('hint-date');
    case 'multi':
      return ctx.t('hint-multi');
    case 'single':
    case 'yesno':
      return ctx.t('hint-buttons');
  }
}

function showSummary(ctx: Conversation, loaded: Loaded): void {
  const r = loaded.data.responseId;
  const lines: string[] = [ctx.t('summary-title')];
  const rows: Button[][] = [];
  loaded.entry.definition.questions.forEach((question, index) => {
    if (!isApplicable(question, loaded.answers)) return;
    const label = ctx.t(question.summaryLabel ?? question.prompt);
    const value = loaded.answers.get(question.id);
    const shown = optionsOf(ctx, loaded, question);
    lines.push(`• ${label}: ${value ? formatAnswer(question, value, shown, (k) => ctx.t(k)) : '—'}`);
    rows.push([{ label: `✏️ ${label}`, payload: encodePayload('change', r, index) }]);
  });
  rows.push([{ label: ctx.t('summary-confirm-button'), payload: encodePayload('submit', r) }]);
  lines.push(ctx.t('summary-hint'));
  ctx.reply(lines.join('\n'), rows);
}

/** Moves on after an answer: to the summary when changing from it, else to the next question. */
function advance(loaded: Loaded): QuestionnaireData {
  const { data, entry, answers } = loaded;
  if (data.returnToSummary) return { ...data, index: -1, mode: 'summary', returnToSummary: false, draft: [], draftOther: undefined };
  const unanswered = firstUnanswered(entry.definition, answers);
  const next = nextApplicable(entry.definition, answers, data.index);
  // Continue in order; if the next question was answered before (after "back"), still show it.
  const index = next >= 0 ? next : unanswered;
  if (index < 0) return { ...data, index: -1, mode: 'summary', draft: [], draftOther: undefined };
  return { ...data, index, mode: 'ask', draft: draftFor(entry, answers, index), draftOther: otherFor(entry, answers, index) };
}

function draftFor(entry: CatalogEntry, answers: AnswerMap, index: number): string[] {
  const question = entry.definition.questions[index];
  const value = question ? answers.get(question.id) : undefined;
  return value?.kind === 'multi' ? [...value.options] : [];
}

function otherFor(entry: CatalogEntry, answers: AnswerMap, index: number): string | undefined {
  const question = entry.definition.questions[index];
  const value = question ? answers.get(question.id) : undefined;
  return value?.kind === 'multi' ? value.other : undefined;
}

async function accept(ctx: Conversation, loaded: Loaded, question: Question, result: AnswerResult): Promise<void> {
  if (!result.ok) {
    ctx.reply(ctx.t(result.error, result.args));
    show(ctx, loaded);
    return;
  }
  ctx.meanwhile(saveAnswer(ctx.tx, { responseId: loaded.data.responseId, personId: ctx.person.id, question, value: result.value, now: ctx.now }));
  loaded.answers.set(question.id, result.value);
  const data = advance(loaded);
  save(ctx, data);
  show(ctx, { ...loaded, data });
}

async function handle(ctx: Conversation, event: InboundEvent): Promise<void> {
  const loaded = await load(ctx);
  if (!loaded) return;
  const { data } = loaded;
  const question = questionAt(loaded, data.index);

  if (event.kind === 'button') return handleButton(ctx, loaded, event.payload);
  if (event.kind === 'unsupported') {
    ctx.reply(ctx.t('answer-error-unsupported'));
    show(ctx, loaded);
    return;
  }
  if (event.kind !== 'text') return;

  if (data.mode === 'summary' || !question) {
    ctx.reply(ctx.t('answer-error-use-buttons'));
    showSummary(ctx, loaded);
    return;
  }
  if (data.mode === 'other' && question.kind === 'multi') {
    const other = parseOtherText(question, event.text);
    if (!other.ok) {
      ctx.reply(ctx.t(other.error, other.args));
      show(ctx, loaded);
      return;
    }
    const text = other.value.kind === 'text' ? other.value.text : '';
    const next = { ...data, mode: 'ask' as const, draftOther: text };
    save(ctx, next);
    show(ctx, { ...loaded, data: next });
    return;
  }
  const shown = optionsOf(ctx, loaded, question);
  await accept(
    ctx,
    loaded,
    question,
    parseTextAnswer(question, event.text, { now: ctx.now, timezone: loaded.timezone, optionLabels: shown.map((o) => o.label) }),
  );
}

async function handleButton(ctx: Conversation, loaded: Loaded, raw: string): Promise<void> {
  const { data } = loaded;
  const payload = decodePayload(raw);
  const stale = () => {
    ctx.toast(ctx.t('button-stale'));
    ctx.reply(ctx.t('button-stale'));
    show(ctx, loaded);
  };
  // A button of another response (forged, or from an old message) changes nothing.
  if (!payload || !('args' in payload) || payload.args[0] !== data.responseId) return stale();
  const question = questionAt(loaded, data.index);

  switch (payload.action) {
    case 'pick': {
      const [, q, o] = payload.args;
      if (q !== data.index || !question || data.mode === 'summary') return stale();
      if (question.kind === 'multi') {
        const shown = optionsOf(ctx, loaded, question);
        const option = shown[o];
        if (!option) return stale();
        const draft = data.draft.includes(option.id) ? data.draft.filter((id) => id !== option.id) : [...data.draft, option.id];
        const next = { ...data, mode: 'ask' as const, draft };
        save(ctx, next);
        show(ctx, { ...loaded, data: next }, { edit: true });
        return;
      }
      const shown = optionsOf(ctx, loaded, question);
      const value = buttonValues(question, shown.map((s) => s.id))[o];
      if (!value) return stale();
      return accept(ctx, loaded, question, { ok: true, value });
    }
    case 'done': {
      if (payload.args[1] !== data.index || question?.kind !== 'multi') return stale();
      return accept(ctx, loaded, question, validateSelection(question, data.draft, data.draftOther));
    }
    case 'other': {
      if (payload.args[1] !== data.index || question?.kind !== 'multi' || !question.allowOther) return stale();
      const next = { ...data, mode: 'other' as const };
      save(ctx, next);
      show(ctx, { ...loaded, data: next });
      return;
    }
    case 'skip': {
      if (payload.args[1] !== data.index || !question?.optional) return stale();
      return accept(ctx, loaded, question, { ok: true, value: { kind: 'skipped' } });
    }
    case 'back': {
      if (payload.args[1] !== data.index || data.mode === 'summary') return stale();
      const index = previousApplicable(loaded.entry.definition, loaded.answers, data.index);
      if (index < 0) return stale();
      const next: QuestionnaireData = {
        ...data,
        index,
        mode: 'ask',
        draft: draftFor(loaded.entry, loaded.answers, index),
        draftOther: otherFor(loaded.entry, loaded.answers, index),
      };
      save(ctx, next);
      show(ctx, { ...loaded, data: next });
      return;
    }
    case 'change': {
      const index = payload.args[1];
      const target = questionAt(loaded, index);
      if (data.mode !== 'summary' || !target || !isApplicable(target, loaded.answers)) return stale();
      const next: QuestionnaireData = {
        ...data,
        index,
        mode: 'ask',
        returnToSummary: true,
        draft: draftFor(loaded.entry, loaded.answers, index),
        draftOther: otherFor(loaded.entry, loaded.answers, index),
      };
      save(ctx, next);
      show(ctx, { ...loaded, data: next });
      return;
    }
    case 'submit': {
      if (data.mode !== 'summary') return stale();
      const missing = missingRequired(loaded.entry.definition, loaded.answers);
      const first = missing[0];
      if (first) {
        const index = loaded.entry.definition.questions.indexOf(first);
        const next: QuestionnaireData = { ...data, index, mode: 'ask', returnToSummary: false, draft: [] };
        save(ctx, next);
        ctx.reply(ctx.t('summary-missing', { count: missing.length }));
        show(ctx, { ...loaded, data: next });
        return;
      }
      const response = await getResponse(ctx.tx, data.responseId);
      if (!response) return stale();
      await submitResponse(ctx.tx, { response, entry: loaded.entry, answers: loaded.answers, now: ctx.now });
      ctx.leave();
      // What comes after (the "before" satisfaction offer, the next end-of-programme questionnaire).
      const followUp = await questionnaireFollowUp(ctx, loaded.entry, response);
      ctx.reply(ctx.t(loaded.entry.definition.purpose === 'intake' ? 'questionnaire-submitted-intake' : 'questionnaire-submitted'), followUp.buttons);
      await followUp.after?.();
      return;
    }
    default:
      return stale();
  }
}

export const questionnaireFlow: Flow = {
  name: 'questionnaire',
  async resume(ctx) {
    const loaded = await load(ctx);
    if (loaded) show(ctx, loaded);
  },
  handle,
};

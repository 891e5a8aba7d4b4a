// The pair's goals and plan in chat: either member sees the plan, adds a goal, adds a task (what to
// do, by when, what result is expected) and marks a task done; the other member is told.
import { z } from 'zod';
import { addGoal, addTask, findGoal, findTask, GOAL_MAX, loadPlan, markTaskDone, TASK_RESULT_MAX, TASK_TITLE_MAX, type Plan } from '../../src/meetings/plan';
import { othersIn, type PairContext } from '../../src/meetings/pair-access';
import { dayFromNumber, dayToIso, dayToNumber, formatDay, localToday, parseDay } from '../../src/meetings/time';
import { DateTime } from 'luxon';
import type { Translate } from '../../src/jobs/types';
import type { Conversation, Flow } from '../context';
import type { Button, InboundEvent } from '../events';
import { button, enterStep, finishStep, flowNames, pairOfMember, refuse, stale, stepData, textAnswer, tr } from './common';

const planStep = z.object({
  pairId: z.number().int(),
  step: z.enum(['goal', 'title', 'due', 'result']),
  goalId: z.number().int().nullable().default(null),
  title: z.string().optional(),
  dueOn: z.string().nullable().optional(),
});
type PlanStep = z.output<typeof planStep>;

/** Open tasks get a "done" button each, up to this many. */
const DONE_BUTTONS_MAX = 9;

export function renderPlan(t: Translate, plan: Plan, title: string): string {
  if (plan.goals.length === 0 && plan.tasks.length === 0) return `${t('plan-title', { names: title })}\n\n${t('plan-empty')}`;
  const number = new Map(plan.tasks.map((task, i) => [task.id, i + 1]));
  const taskLines = (tasks: Plan['tasks']) =>
    tasks.map((task) => {
      const head = t('plan-task', {
        n: number.get(task.id) ?? 0,
        title: task.title,
        done: task.doneAt ? 'yes' : 'no',
        due: task.dueOn ? formatDay(task.dueOn) : '',
        hasDue: task.dueOn ? 'yes' : 'no',
      });
      return task.expectedResult ? `${head}\n    ${t('plan-task-result', { result: task.expectedResult })}` : head;
    });
  const sections = plan.goals.map((goal, i) => [t('plan-goal', { n: i + 1, text: goal.text }), ...taskLines(plan.tasks.filter((task) => task.goalId === goal.id))].join('\n'));
  const loose = plan.tasks.filter((task) => task.goalId === null || !plan.goals.some((g) => g.id === task.goalId));
  if (loose.length > 0) sections.push([t('plan-no-goal'), ...taskLines(loose)].join('\n'));
  const done = plan.tasks.filter((task) => task.doneAt).length;
  return [t('plan-title', { names: title }), ...sections, t('plan-progress', { done, total: plan.tasks.length })].join('\n\n');
}

function planButtons(t: Translate, plan: Plan, pairId: number): Button[][] {
  const rows: Button[][] = [[button(t('plan-button-goal'), 'plan-goal', pairId), button(t('plan-button-task'), 'plan-task', pairId)]];
  const open = plan.tasks.map((task, i) => ({ task, n: i + 1 })).filter(({ task }) => !task.doneAt).slice(0, DONE_BUTTONS_MAX);
  for (let i = 0; i < open.length; i += 3) {
    rows.push(open.slice(i, i + 3).map(({ task, n }) => button(t('plan-button-done', { n }), 'plan-done', task.id)));
  }
  return rows;
}

export async function showPlan(ctx: Conversation, pair: PairContext): Promise<void> {
  const plan = await loadPlan(ctx.tx, pair.pairId);
  const title = pair.members.map((m) => m.fullName ?? '—').join(' — ');
  ctx.reply(renderPlan(tr(ctx), plan, title), planButtons(tr(ctx), plan, pair.pairId));
}

function ask(ctx: Conversation, data: PlanStep, pair: PairContext): void {
  switch (data.step) {
    case 'goal':
      ctx.reply(ctx.t('plan-ask-goal', { max: GOAL_MAX }));
      return;
    case 'title':
      ctx.reply(ctx.t('plan-ask-task', { max: TASK_TITLE_MAX }));
      return;
    case 'due': {
      const today = DateTime.fromObject(localToday(ctx.now, pair.timezone));
      const choices: [string, DateTime][] = [
        [ctx.t('plan-due-week'), today.plus({ weeks: 1 })],
        [ctx.t('plan-due-two-weeks'), today.plus({ weeks: 2 })],
        [ctx.t('plan-due-month'), today.plus({ months: 1 })],
      ];
      ctx.reply(ctx.t('plan-ask-due'), [
        choices.map(([label, day]) => button(label, 'plan-due', dayToNumber({ year: day.year, month: day.month, day: day.day }))),
        [button(ctx.t('plan-due-none'), 'plan-nodue', data.pairId)],
      ]);
      return;
    }
    case 'result':
      ctx.reply(ctx.t('plan-ask-result', { max: TASK_RESULT_MAX }), [[button(ctx.t('plan-result-skip'), 'plan-noresult', data.pairId)]]);
      return;
  }
}

async function saveTask(ctx: Conversation, data: PlanStep, pair: PairContext, expectedResult: string | null): Promise<void> {
  if (!data.title) {
    finishStep(ctx);
    return;
  }
  const task = await addTask(ctx.tx, { pairId: pair.pairId, goalId: data.goalId, title: data.title, expectedResult, dueOn: data.dueOn ?? null, now: ctx.now });
  finishStep(ctx);
  ctx.reply(ctx.t('plan-task-added'));
  notifyOthers(ctx, pair, (t) => t('plan-task-added-other', { name: ctx.person.fullName ?? '—', title: task.title }));
  await showPlan(ctx, pair);
}

function notifyOthers(ctx: Conversation, pair: PairContext, text: (t: Translate) => string): void {
  for (const other of othersIn(pair, ctx.person.id)) {
    ctx.notify(other.personId, (t) => ({ text: text(t), buttons: [[button(t('plan-button-show'), 'plan', pair.pairId)]] }));
  }
}

/** The step the person is in, when a step button of this pair is pressed; otherwise the button is stale. */
async function currentStep(ctx: Conversation, step: PlanStep['step'], pairId?: number): Promise<{ data: PlanStep; pair: PairContext } | undefined> {
  const parsed = ctx.state.flow === flowNames.plan ? planStep.safeParse(ctx.state.data) : undefined;
  if (!parsed?.success || parsed.data.step !== step || (pairId !== undefined && parsed.data.pairId !== pairId)) {
    stale(ctx);
    return undefined;
  }
  const pair = await pairOfMember(ctx, parsed.data.pairId);
  return pair ? { data: parsed.data, pair } : undefined;
}

/** Plan buttons: act:meetings:<action>:<id>. Returns false for an action that is not the plan's. */
export async function planAction(ctx: Conversation, action: string, id: number): Promise<boolean> {
  switch (action) {
    case 'plan': {
      const pair = await pairOfMember(ctx, id);
      if (pair) await showPlan(ctx, pair);
      return true;
    }
    case 'plan-goal': {
      const pair = await pairOfMember(ctx, id);
      if (!pair) return true;
      const data: PlanStep = { pairId: pair.pairId, step: 'goal', goalId: null };
      enterStep(ctx, flowNames.plan, data);
      ask(ctx, data, pair);
      return true;
    }
    case 'plan-task': {
      const pair = await pairOfMember(ctx, id);
      if (!pair) return true;
      const plan = await loadPlan(ctx.tx, pair.pairId);
      if (plan.goals.length > 0) {
        ctx.reply(ctx.t('plan-ask-task-goal'), [
          ...plan.goals.map((goal, i) => [button(ctx.t('plan-goal-button', { n: i + 1, text: goal.text.slice(0, 24) }), 'plan-forgoal', goal.id)]),
          [button(ctx.t('plan-goal-none'), 'plan-nogoal', pair.pairId)],
        ]);
        return true;
      }
      const data: PlanStep = { pairId: pair.pairId, step: 'title', goalId: null };
      enterStep(ctx, flowNames.plan, data);
      ask(ctx, data, pair);
      return true;
    }
    case 'plan-forgoal':
    case 'plan-nogoal': {
      const goal = action === 'plan-forgoal' ? await findGoal(ctx.tx, id) : undefined;
      const pairId = action === 'plan-forgoal' ? goal?.pairId : id;
      const pair = pairId === undefined ? undefined : await pairOfMember(ctx, pairId);
      if (pairId === undefined) refuse(ctx);
      if (!pair) return true;
      const data: PlanStep = { pairId: pair.pairId, step: 'title', goalId: goal?.id ?? null };
      enterStep(ctx, flowNames.plan, data);
      ask(ctx, data, pair);
      return true;
    }
    case 'plan-due': {
      const found = await currentStep(ctx, 'due');
      if (!found) return true;
      const day = dayFromNumber(id);
      const today = localToday(ctx.now, found.pair.timezone);
      if (!day || dayToNumber(day) < dayToNumber(today)) {
        stale(ctx);
        return true;
      }
      await afterDue(ctx, found.data, found.pair, dayToIso(day));
      return true;
    }
    case 'plan-nodue': {
      const found = await currentStep(ctx, 'due', id);
      if (found) await afterDue(ctx, found.data, found.pair, null);
      return true;
    }
    case 'plan-noresult': {
      const found = await currentStep(ctx, 'result', id);
      if (found) await saveTask(ctx, found.data, found.pair, null);
      return true;
    }
    case 'plan-done': {
      const task = await findTask(ctx.tx, id);
      const pair = task ? await pairOfMember(ctx, task.pairId) : undefined;
      if (!task) refuse(ctx);
      if (!task || !pair) return true;
      const done = await markTaskDone(ctx.tx, { taskId: task.id, personId: ctx.person.id, now: ctx.now });
      if (!done) {
        ctx.toast(ctx.t('plan-task-already-done'));
        ctx.reply(ctx.t('plan-task-already-done'));
        return true;
      }
      ctx.toast(ctx.t('plan-task-marked'));
      notifyOthers(ctx, pair, (t) => t('plan-task-done-other', { name: ctx.person.fullName ?? '—', title: task.title }));
      await showPlan(ctx, pair);
      return true;
    }
    default:
      return false;
  }
}

async function afterDue(ctx: Conversation, data: PlanStep, pair: PairContext, dueOn: string | null): Promise<void> {
  const next: PlanStep = { ...data, step: 'result', dueOn };
  ctx.state = { flow: flowNames.plan, data: { ...ctx.state.data, ...next } };
  ask(ctx, next, pair);
}

async function handle(ctx: Conversation, event: InboundEvent): Promise<void> {
  const data = stepData(ctx, planStep);
  if (!data) return;
  const pair = await pairOfMember(ctx, data.pairId);
  if (!pair) {
    finishStep(ctx);
    return;
  }
  if (event.kind === 'button' || event.kind === 'command') {
    ask(ctx, data, pair);
    return;
  }
  switch (data.step) {
    case 'goal': {
      const text = textAnswer(ctx, event, GOAL_MAX);
      if (text === undefined) return ask(ctx, data, pair);
      await addGoal(ctx.tx, { pairId: pair.pairId, text, personId: ctx.person.id, now: ctx.now });
      finishStep(ctx);
      ctx.reply(ctx.t('plan-goal-added'));
      notifyOthers(ctx, pair, (t) => t('plan-goal-added-other', { name: ctx.person.fullName ?? '—', text }));
      await showPlan(ctx, pair);
      return;
    }
    case 'title': {
      const text = textAnswer(ctx, event, TASK_TITLE_MAX);
      if (text === undefined) return ask(ctx, data, pair);
      const next: PlanStep = { ...data, step: 'due', title: text };
      ctx.state = { flow: flowNames.plan, data: { ...ctx.state.data, ...next } };
      ask(ctx, next, pair);
      return;
    }
    case 'due': {
      if (event.kind === 'unsupported') {
        ctx.reply(ctx.t('answer-error-unsupported'));
        return ask(ctx, data, pair);
      }
      const parsed = parseDay(event.text, ctx.now, pair.timezone);
      if (!parsed.ok) {
        ctx.reply(ctx.t(parsed.error));
        return ask(ctx, data, pair);
      }
      await afterDue(ctx, data, pair, dayToIso(parsed.value));
      return;
    }
    case 'result': {
      const text = textAnswer(ctx, event, TASK_RESULT_MAX);
      if (text === undefined) return ask(ctx, data, pair);
      await saveTask(ctx, data, pair, text);
      return;
    }
  }
}

export const planFlow: Flow = {
  name: flowNames.plan,
  async resume(ctx) {
    const data = stepData(ctx, planStep);
    if (!data) return;
    const pair = await pairOfMember(ctx, data.pairId);
    if (!pair) {
      finishStep(ctx);
      return;
    }
    ask(ctx, data, pair);
  },
  handle,
};

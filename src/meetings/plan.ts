// The pair's goals and individual plan ("персонализированная программа наставничества"): goals,
// and under them the plan's tasks with a due date and the expected result. Either member adds to it
// and marks a task done.
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { pairGoals, planTasks, type PairGoal, type PlanTask } from '../../db/schema';

export const GOAL_MAX = 300;
export const TASK_TITLE_MAX = 200;
export const TASK_RESULT_MAX = 300;

export interface Plan {
  goals: PairGoal[];
  tasks: PlanTask[];
}

export async function loadPlan(db: Executor, pairId: number): Promise<Plan> {
  const goals = await db.select().from(pairGoals).where(eq(pairGoals.pairId, pairId)).orderBy(asc(pairGoals.id));
  const tasks = await db.select().from(planTasks).where(eq(planTasks.pairId, pairId)).orderBy(asc(planTasks.id));
  return { goals, tasks };
}

export async function addGoal(db: Executor, input: { pairId: number; text: string; personId: number; now: Date }): Promise<PairGoal> {
  const [goal] = await db
    .insert(pairGoals)
    .values({ pairId: input.pairId, text: input.text, createdByPersonId: input.personId, createdAt: input.now })
    .returning();
  if (!goal) throw new Error('insert into pair_goals returned no row');
  return goal;
}

export async function findGoal(db: Executor, goalId: number): Promise<PairGoal | undefined> {
  const [goal] = await db.select().from(pairGoals).where(eq(pairGoals.id, goalId));
  return goal;
}

export async function addTask(
  db: Executor,
  input: { pairId: number; goalId: number | null; title: string; expectedResult: string | null; dueOn: string | null; now: Date },
): Promise<PlanTask> {
  const [task] = await db
    .insert(planTasks)
    .values({ pairId: input.pairId, goalId: input.goalId, title: input.title, expectedResult: input.expectedResult, dueOn: input.dueOn, createdAt: input.now })
    .returning();
  if (!task) throw new Error('insert into plan_tasks returned no row');
  return task;
}

export async function findTask(db: Executor, taskId: number): Promise<PlanTask | undefined> {
  const [task] = await db.select().from(planTasks).where(eq(planTasks.id, taskId));
  return task;
}

/** Marks a task done once; a second press (the other member, an old button) changes nothing. */
export async function markTaskDone(db: Executor, input: { taskId: number; personId: number; now: Date }): Promise<PlanTask | undefined> {
  const [task] = await db
    .update(planTasks)
    .set({ doneAt: input.now, doneByPersonId: input.personId })
    .where(and(eq(planTasks.id, input.taskId), isNull(planTasks.doneAt)))
    .returning();
  return task;
}

/** Number of the task as the plan shows it (1-based, in the order they were added). */
export function taskNumber(plan: Plan, taskId: number): number {
  return plan.tasks.findIndex((t) => t.id === taskId) + 1;
}

// The contract between the durable schedule (src/jobs) and the modules whose work it runs
// (reminders, check-ins, nudges). A job handler runs inside the transaction that claimed the job:
// what it queues and schedules commits together with the job being marked done, or not at all.
import type { Tx } from '../../db/client';
import type { OutboundMessage } from '../../flows/events';
import type { FlowDeps } from '../../flows/context';
import type { TextArgs } from '../i18n';

export type Translate = (key: string, args?: TextArgs) => string;

export interface NewJob {
  /** The handler that runs it, e.g. 'meeting.remind'. */
  kind: string;
  /** What it is about, e.g. 'meeting:42:remind:24h'. Unique among pending jobs: scheduling the same key again changes nothing. */
  key: string;
  dueAt: Date;
  payload?: Record<string, unknown>;
}

export interface ClaimedJob {
  id: number;
  kind: string;
  key: string;
  payload: Record<string, unknown>;
  dueAt: Date;
  attempts: number;
}

export interface JobContext {
  readonly tx: Tx;
  readonly now: Date;
  readonly job: ClaimedJob;
  readonly deps: FlowDeps;
  /**
   * Queues a message to a person, written in their language, for the messenger they last wrote
   * from. At most one message per (job, person): the outbox row's key is '<job id>:<person id>'
   * (pass `tag` to send a person more than one message from one job).
   */
  notify(personId: number, build: (t: Translate) => OutboundMessage, tag?: string): Promise<void>;
  /** Schedules another job in the same transaction. */
  schedule(job: NewJob): Promise<void>;
}

export type JobHandler = (ctx: JobContext) => Promise<void>;

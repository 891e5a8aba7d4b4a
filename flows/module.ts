// A chat module: a group of commands, flows and buttons that the router dispatches to. Every
// capability (curator console, meetings, reports, the regional view) is one module, listed in
// flows/modules.ts; the router, /help and the access tests read the list, so nothing is wired twice.
import type { JobHandler } from '../src/jobs/types';
import type { Conversation, Flow } from './context';

/** Who a command is meant for. The handler still checks role and organisation on every call. */
export type Audience = 'everyone' | 'participant' | 'curator' | 'coordinator';

export interface ChatCommand {
  audience: Audience;
  run(ctx: Conversation, args: string, current: Flow | undefined): Promise<void>;
}

export interface HelpSection {
  /** Fluent key of the help text. */
  key: string;
  /** Whether this person should see it (e.g. only curators). */
  shownTo(ctx: Conversation): Promise<boolean>;
}

export interface ChatModule {
  /** Also the module token of its buttons: encodePayload('act', name, action, id). */
  readonly name: string;
  readonly flows?: readonly Flow[];
  readonly commands?: Readonly<Record<string, ChatCommand>>;
  /** Handles a button encoded as encodePayload('act', this.name, action, id). */
  act?(ctx: Conversation, action: string, id: number): Promise<void>;
  readonly help?: readonly HelpSection[];
  /** Handlers of the scheduled jobs this module creates, by job kind (e.g. 'meeting.remind'). */
  readonly jobs?: Readonly<Record<string, JobHandler>>;
}

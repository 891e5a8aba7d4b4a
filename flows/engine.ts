// The flow engine: one platform update = one database transaction. The update id is recorded
// (a redelivered update does nothing), the person's row is locked (two updates of one person never
// race, across instances too), the current flow handles the event, its new state is saved.
import { isTransientDatabaseError, transactionEndingWith, type Database, type EndingWrites, type Tx } from '../db/client';
import { loadFlowState, loadFlowStateOfIdentity, saveFlowState } from '../db/queries/flow-state';
import {
  deletePerson,
  findIdentityLocale,
  findPersonLocale,
  markUpdateProcessed,
  preferredIdentity,
  touchIdentity,
  touchKnownIdentity,
} from '../db/queries/people';
import { defaultLocale, isLocale, type Locale } from '../src/i18n';
import { loggableError } from '../src/logger';
import type { Conversation, FlowDeps, FlowState } from './context';
import type { Delivery, HandleResult, InboundUpdate, OutboundMessage, UpdateHandler } from './events';
import { inboundUpdateSchema, TEXT_MAX_LENGTH } from './events';
import { route } from './router';

export interface EngineDeps extends FlowDeps {
  database: Pick<Database, 'db' | 'kind'>;
  clock?: () => Date;
  /** Told how every update ended and how long it took (src/metrics.ts); optional. */
  metrics?: EngineObserver | undefined;
}

/**
 * handled: the flow ran; duplicate: a redelivered update id; malformed: failed validation;
 * failed: a bug, the user was told; retried: a transient database error, thrown for the adapter to retry.
 */
export type UpdateOutcome = 'handled' | 'duplicate' | 'malformed' | 'failed' | 'retried';

export interface EngineObserver {
  updateHandled(platform: string, outcome: UpdateOutcome, seconds: number): void;
}

export interface Engine extends UpdateHandler {}

export function createEngine(deps: EngineDeps): Engine {
  const clock = deps.clock ?? (() => new Date());
  const { db } = deps.database;

  async function process(update: InboundUpdate, now: Date): Promise<HandleResult> {
    return transactionEndingWith(deps.database, async (tx): Promise<EndingWrites<HandleResult>> => {
      const seen = { platform: update.platform, externalId: update.user.externalId, chatId: update.user.chatId };
      // One round trip (the statements are pipelined and run in this order): the update id is recorded
      // and, in a private chat, a known identity is marked as seen, its person's row locked (two updates
      // of one person never race, across instances too) and the flow state read behind the lock. Harmless
      // for a duplicate (the same person sent it). Nobody is created before the update is known to be new.
      const [fresh, known] = await Promise.all([
        markUpdateProcessed(tx, update.platform, update.updateId),
        update.chatType === 'private'
          ? touchKnownIdentity(tx, seen, now, () => loadFlowStateOfIdentity(tx, update.platform, update.user.externalId))
          : undefined,
      ]);
      if (!fresh) {
        return { result: { duplicate: true, replies: [], deliveries: [] } };
      }
      // A group chat is no place for a participant's data: nobody is created or touched there (the
      // identity's chat would become the group, and pair contacts would be sent to it); a command
      // gets the advice to write in private.
      if (update.chatType === 'group') {
        if (update.event.kind !== 'command') return { result: { duplicate: false, replies: [], deliveries: [] } };
        const stored = await findIdentityLocale(tx, update.platform, update.user.externalId);
        const locale = stored !== undefined && isLocale(stored) ? stored : deps.i18n.negotiate(update.user.languageCode);
        return { result: { duplicate: false, replies: [{ text: deps.i18n.t(locale, 'group-chat-not-supported') }], deliveries: [] } };
      }
      // Someone new: created (or found, when another update created them meanwhile) and locked.
      const { person, identity, created, loaded } =
        known ??
        (await touchIdentity(tx, { ...seen, locale: deps.i18n.negotiate(update.user.languageCode) }, now, {
          refreshed: { identity: undefined },
          alsoLoad: (personId) => loadFlowState(tx, personId),
        }));
      const state: FlowState = loaded ?? (created ? { flow: null, data: {} } : await loadFlowState(tx, person.id));
      const result = { replies: [] as OutboundMessage[], deliveries: [] as Delivery[], toast: undefined as string | undefined };
      let forget = false;
      const writes: Promise<unknown>[] = [];
      const notifications: { personId: number; build: Parameters<Conversation['notify']>[1] }[] = [];
      let logger: Conversation['logger'] | undefined;
      const ctx: Conversation = {
        tx: tx as Tx,
        now,
        person,
        identity,
        chatType: update.chatType,
        deps,
        // Made when a flow first logs: most updates log nothing, and a child logger is not free.
        get logger() {
          return (logger ??= deps.logger.child({ personId: person.id, platform: update.platform, updateId: update.updateId }));
        },
        locale: isLocale(person.locale) ? person.locale : defaultLocale,
        state,
        t(key, args) {
          return deps.i18n.t(this.locale, key, args);
        },
        reply(text, buttons, options) {
          this.send({ text, buttons, edit: options?.edit });
        },
        send(message) {
          result.replies.push({ ...message, text: clip(message.text) });
        },
        toast(text) {
          result.toast = text;
        },
        enter(flow, data) {
          this.state = { flow, data };
        },
        leave() {
          this.state = { flow: null, data: {} };
        },
        notify(personId, build) {
          notifications.push({ personId, build });
        },
        forgetPerson() {
          forget = true;
        },
        meanwhile(write) {
          // Handled now so its failure is never unhandled while the flow runs on; awaited below.
          write.catch(() => undefined);
          writes.push(write);
        },
      };
      await route(ctx, update.event);
      for (const { personId, build } of notifications) {
        const [recipient, stored] = await Promise.all([preferredIdentity(tx, personId), findPersonLocale(tx, personId)]);
        if (!recipient || stored === undefined) continue; // withdrawn or unreachable: the curator sees it in the bases
        const locale = isLocale(stored) ? stored : defaultLocale;
        const message = build((key, args) => deps.i18n.t(locale, key, args));
        result.deliveries.push({ platform: recipient.platform, chatId: recipient.chatId, personId, message: { ...message, text: clip(message.text) } });
      }
      // The flow's writes and the save of its state go with the COMMIT (one round trip); a failed one
      // rolls the whole update back and is thrown, as a failure inside would be.
      return {
        result: { duplicate: false, replies: result.replies, deliveries: result.deliveries, toast: result.toast },
        writes: Promise.all([...writes, forget ? deletePerson(tx, person.id) : saveFlowState(tx, person.id, ctx.state, now)]),
      };
    });
  }

  const observe = (platform: string, outcome: UpdateOutcome, started: number, updateId?: string): void => {
    const seconds = (performance.now() - started) / 1000;
    deps.metrics?.updateHandled(platform, outcome, seconds);
    // Ids and the outcome only: what a person wrote never reaches the log.
    deps.logger.debug({ platform, updateId, outcome, ms: Math.round(seconds * 1000) }, 'update processed');
  };

  return {
    async handle(raw) {
      const started = performance.now();
      const parsed = inboundUpdateSchema.safeParse(raw);
      if (!parsed.success) {
        deps.logger.warn({ issues: parsed.error.issues.length, platform: raw.platform }, 'malformed inbound update dropped');
        observe(String(raw.platform), 'malformed', started);
        return { duplicate: false, replies: [], deliveries: [] };
      }
      const update = parsed.data as InboundUpdate;
      const now = clock();
      try {
        const result = await process(update, now);
        observe(update.platform, result.duplicate ? 'duplicate' : 'handled', started, update.updateId);
        return result;
      } catch (error) {
        if (isTransientDatabaseError(error)) {
          observe(update.platform, 'retried', started, update.updateId);
          throw error;
        }
        observe(update.platform, 'failed', started, update.updateId);
        // A bug, not the user's doing: log it once, record the update so it is not retried forever,
        // and tell the user something went wrong in their language.
        deps.logger.error({ err: loggableError(error), platform: update.platform, updateId: update.updateId }, 'update handling failed');
        await markUpdateProcessed(db, update.platform, update.updateId).catch(() => undefined);
        // The person's own language (a VK button press carries none, /language may have changed it).
        const stored = await findIdentityLocale(db, update.platform, update.user.externalId).catch(() => undefined);
        const locale = stored !== undefined && isLocale(stored) ? stored : deps.i18n.negotiate(update.user.languageCode);
        return { duplicate: false, replies: [{ text: deps.i18n.t(locale, 'error-internal') }], deliveries: [] };
      }
    },
  };
}

function clip(text: string): string {
  return text.length <= TEXT_MAX_LENGTH ? text : `${text.slice(0, TEXT_MAX_LENGTH - 1)}…`;
}

export type { Locale };

// The flow engine: one platform update = one database transaction. The update id is recorded
// (a redelivered update does nothing), the person's row is locked (two updates of one person never
// race, across instances too), the current flow handles the event, its new state is saved.
import type { Database, Tx } from '../db/client';
import { loadFlowState, saveFlowState } from '../db/queries/flow-state';
import { deletePerson, findPersonLocale, markUpdateProcessed, preferredIdentity, touchIdentity } from '../db/queries/people';
import { defaultLocale, isLocale, type Locale } from '../src/i18n';
import type { Conversation, FlowDeps, FlowState } from './context';
import type { Delivery, HandleResult, InboundUpdate, OutboundMessage, UpdateHandler } from './events';
import { inboundUpdateSchema, TEXT_MAX_LENGTH } from './events';
import { route } from './router';

export interface EngineDeps extends FlowDeps {
  database: Pick<Database, 'db'>;
  clock?: () => Date;
}

export interface Engine extends UpdateHandler {}

/** Database errors that pass by themselves: the update must be retried, not answered. */
export function isTransientDatabaseError(error: unknown): boolean {
  const candidates = [error, (error as { cause?: unknown } | null)?.cause];
  return candidates.some((e) => {
    if (!e || typeof e !== 'object') return false;
    const code = String((e as { code?: unknown }).code ?? '');
    return (
      code.startsWith('08') || // connection exceptions
      ['57P01', '57P02', '57P03', '40001', '40P01', '53300'].includes(code) ||
      ['CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT'].includes(code)
    );
  });
}

export function createEngine(deps: EngineDeps): Engine {
  const clock = deps.clock ?? (() => new Date());
  const { db } = deps.database;

  async function process(update: InboundUpdate, now: Date): Promise<HandleResult> {
    return db.transaction(async (tx) => {
      if (!(await markUpdateProcessed(tx, update.platform, update.updateId))) {
        return { duplicate: true, replies: [], deliveries: [] };
      }
      const { person, identity } = await touchIdentity(
        tx,
        {
          platform: update.platform,
          externalId: update.user.externalId,
          chatId: update.user.chatId,
          locale: deps.i18n.negotiate(update.user.languageCode),
        },
        now,
      );
      const state: FlowState = await loadFlowState(tx, person.id);
      const result = { replies: [] as OutboundMessage[], deliveries: [] as Delivery[], toast: undefined as string | undefined };
      let forget = false;
      const notifications: { personId: number; build: Parameters<Conversation['notify']>[1] }[] = [];
      const ctx: Conversation = {
        tx: tx as Tx,
        now,
        person,
        identity,
        chatType: update.chatType,
        deps,
        logger: deps.logger.child({ personId: person.id, platform: update.platform, updateId: update.updateId }),
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
      };
      await route(ctx, update.event);
      for (const { personId, build } of notifications) {
        const recipient = await preferredIdentity(tx, personId);
        const stored = await findPersonLocale(tx, personId);
        if (!recipient || stored === undefined) continue; // withdrawn or unreachable: the curator sees it in the bases
        const locale = isLocale(stored) ? stored : defaultLocale;
        const message = build((key, args) => deps.i18n.t(locale, key, args));
        result.deliveries.push({ platform: recipient.platform, chatId: recipient.chatId, personId, message: { ...message, text: clip(message.text) } });
      }
      if (forget) await deletePerson(tx, person.id);
      else await saveFlowState(tx, person.id, ctx.state, now);
      return { duplicate: false, replies: result.replies, deliveries: result.deliveries, toast: result.toast };
    });
  }

  return {
    async handle(raw) {
      const parsed = inboundUpdateSchema.safeParse(raw);
      if (!parsed.success) {
        deps.logger.warn({ issues: parsed.error.issues.length, platform: raw.platform }, 'malformed inbound update dropped');
        return { duplicate: false, replies: [], deliveries: [] };
      }
      const update = parsed.data as InboundUpdate;
      const now = clock();
      try {
        return await process(update, now);
      } catch (error) {
        if (isTransientDatabaseError(error)) throw error;
        // A bug, not the user's doing: log it once, record the update so it is not retried forever,
        // and tell the user something went wrong in their language.
        deps.logger.error({ err: error, platform: update.platform, updateId: update.updateId }, 'update handling failed');
        await markUpdateProcessed(db, update.platform, update.updateId).catch(() => undefined);
        const locale = deps.i18n.negotiate(update.user.languageCode);
        return { duplicate: false, replies: [{ text: deps.i18n.t(locale, 'error-internal') }], deliveries: [] };
      }
    },
  };
}

function clip(text: string): string {
  return text.length <= TEXT_MAX_LENGTH ? text : `${text.slice(0, TEXT_MAX_LENGTH - 1)}…`;
}

export type { Locale };

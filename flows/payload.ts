// The one codec for button payloads. A payload is client data (VK payloads can be forged), so
// decoding validates it with zod; flows then check the acting user may do what it asks.
// Format: "<action>:<arg>:<arg>..." — short enough for Telegram's 64-byte callback_data.
import { z } from 'zod';
import { PAYLOAD_MAX_BYTES } from './events';

const int = z
  .string()
  .regex(/^(0|[1-9]\d{0,9})$/)
  .transform(Number)
  .pipe(z.number().int().max(2_147_483_647));
const token = z.string().regex(/^[a-z0-9_-]{1,32}$/);

/** Every button action, with the schema of its arguments (positional, in order). */
export const payloadSchemas = {
  /** Pick option `o` of question `q` in response `r`. */
  pick: z.tuple([int, int, int]),
  /** Multi-choice: finish selection of question `q` in response `r`. */
  done: z.tuple([int, int]),
  /** Multi-choice: type an "other" answer for question `q`. */
  other: z.tuple([int, int]),
  /** Skip optional question `q`. */
  skip: z.tuple([int, int]),
  /** Go back one question from `q`. */
  back: z.tuple([int, int]),
  /** Summary: change the answer to question `q`. */
  change: z.tuple([int, int]),
  /** Summary: confirm response `r`. */
  submit: z.tuple([int]),
  /** Consent step answers: agree / decline. */
  consent: z.tuple([z.enum(['yes', 'no'])]),
  /** Age step: under 14 or not. */
  age: z.tuple([z.enum(['under14', 'over14'])]),
  /** The parent confirms consent in the child's chat. */
  parent: z.tuple([z.enum(['yes', 'no'])]),
  /** Interface language. */
  lang: z.tuple([z.enum(['ru', 'en'])]),
  /** Curator: a page of the mentee or mentor base. */
  list: z.tuple([z.enum(['mentee', 'mentor']), int]),
  /** Curator: a participant's card. */
  card: z.tuple([int]),
  /** Curator: mentor readiness (stage 4). */
  ready: z.tuple([int, z.enum(['interviewed', 'trained', 'ready'])]),
  /** Curator: revoke an invite (codes are case-insensitive). */
  revoke: z.tuple([z.string().regex(/^[a-z0-9]{8}$/)]),
  /** Curator: show mentors to pair with this mentee membership. */
  mentorsfor: z.tuple([int]),
  /** Curator: propose a pair of mentee membership and mentor membership. */
  propose: z.tuple([int, int]),
  /** Curator: add membership `m` (a mentee or a second mentor) to pair `p`: member:<p>:<m>. */
  member: z.tuple([int, int]),
  /** Member: confirm or decline pair `id`. */
  pair: z.tuple([int, z.enum(['yes', 'no'])]),
  /** Generic action of a later flow: flow name, action, numeric id. */
  act: z.tuple([token, token, int]),
} as const;

export type PayloadAction = keyof typeof payloadSchemas;
export type PayloadArgs<A extends PayloadAction> = z.output<(typeof payloadSchemas)[A]>;
export type DecodedPayload = { [A in PayloadAction]: { action: A; args: PayloadArgs<A> } }[PayloadAction];

export function encodePayload<A extends PayloadAction>(action: A, ...args: PayloadArgs<A>): string {
  const encoded = [action, ...args.map(String)].join(':');
  if (Buffer.byteLength(encoded, 'utf8') > PAYLOAD_MAX_BYTES) {
    throw new Error(`payload ${action} exceeds ${PAYLOAD_MAX_BYTES} bytes`);
  }
  return encoded;
}

/** Returns undefined for anything that is not a payload this bot could have made. */
export function decodePayload(raw: string): DecodedPayload | undefined {
  if (raw.length === 0 || Buffer.byteLength(raw, 'utf8') > PAYLOAD_MAX_BYTES) return undefined;
  const [action, ...args] = raw.split(':');
  if (!action || !Object.hasOwn(payloadSchemas, action)) return undefined;
  const schema = payloadSchemas[action as PayloadAction];
  const parsed = schema.safeParse(args);
  if (!parsed.success) return undefined;
  return { action, args: parsed.data } as DecodedPayload;
}

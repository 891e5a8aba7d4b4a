// An OutboundMessage as the outbox stores it (jsonb): a document's bytes as base64, no `edit` (a
// queued message has no pressed button to replace). Read back through zod: a row that does not
// parse is a bug, reported by the sender and never sent half-formed.
import { z } from 'zod';
import { TEXT_MAX_LENGTH, type OutboundMessage } from '../../flows/events';

const storedMessage = z.object({
  text: z.string(),
  buttons: z.array(z.array(z.object({ label: z.string(), payload: z.string() }))).optional(),
  document: z.object({ fileName: z.string(), mimeType: z.string(), base64: z.string() }).optional(),
});

export type StoredMessage = z.infer<typeof storedMessage>;

export function encodeMessage(message: OutboundMessage): StoredMessage {
  return {
    text: clip(message.text),
    ...(message.buttons === undefined ? {} : { buttons: message.buttons.map((row) => row.map((b) => ({ label: b.label, payload: b.payload }))) }),
    ...(message.document === undefined
      ? {}
      : {
          document: {
            fileName: message.document.fileName,
            mimeType: message.document.mimeType,
            base64: Buffer.from(message.document.content).toString('base64'),
          },
        }),
  };
}

export function decodeMessage(stored: unknown): OutboundMessage | undefined {
  const parsed = storedMessage.safeParse(stored);
  if (!parsed.success) return undefined;
  const { text, buttons, document } = parsed.data;
  return {
    text,
    ...(buttons === undefined ? {} : { buttons }),
    ...(document === undefined
      ? {}
      : { document: { fileName: document.fileName, mimeType: document.mimeType, content: new Uint8Array(Buffer.from(document.base64, 'base64')) } }),
  };
}

function clip(text: string): string {
  return text.length <= TEXT_MAX_LENGTH ? text : `${text.slice(0, TEXT_MAX_LENGTH - 1)}…`;
}

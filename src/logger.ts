// Structured logs through pino. Personal data (names, answers, message texts) is never logged at
// info level: log ids and outcomes; the redaction list catches fields that slip through.
import { pino, type Logger as PinoLogger, type DestinationStream } from 'pino';

export type Logger = PinoLogger;

export const redactedPaths = [
  'text',
  '*.text',
  'fullName',
  '*.fullName',
  'answer',
  '*.answer',
  'value',
  '*.value',
  'parentName',
  'parentContact',
  'message.text',
  'update.message',
  'update.callback_query',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino({ level, redact: { paths: redactedPaths, censor: '[redacted]' }, base: { app: 'nastavnik' } }, destination);
}

/**
 * An error as it may be logged: name, code, the first line of the message and the stack frames.
 * Drizzle's query errors carry the query parameters (answers, names) in their message and stack;
 * a database error's cause keeps only its name, code and message.
 */
export function loggableError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error).split('\n')[0] };
  const code = (error as { code?: unknown }).code;
  const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  const cause = error.cause instanceof Error ? loggableError(error.cause) : undefined;
  return {
    name: error.name,
    message: error.message.split('\n')[0],
    ...(code === undefined ? {} : { code }),
    ...(cause === undefined ? {} : { cause: { name: cause.name, code: cause.code, message: cause.message } }),
    stack: frames.join('\n'),
  };
}

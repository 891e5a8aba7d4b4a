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

/**
 * The one pino root: JSON lines on stderr (fd 2), never stdout, which carries only the report.
 * @module cli/logger
 */
import { pino, type Logger } from 'pino';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Create the root logger writing to `stream` (stderr in production, a sink in tests). */
export function createLogger(level: LogLevel, stream: NodeJS.WritableStream): Logger {
  return pino({ level, base: { name: 'egress-verify' } }, stream as unknown as pino.DestinationStream);
}

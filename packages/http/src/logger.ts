import { type Logger, pino } from 'pino';

export type { Logger } from 'pino';

export interface LoggerOptions {
  level?: string;
  /** Human-readable lines for a terminal; JSON otherwise (production, CI). */
  pretty?: boolean;
}

export function createLogger(service: string, options: LoggerOptions = {}): Logger {
  return pino({
    name: service,
    level: options.level ?? 'info',
    base: { service },
    redact: {
      paths: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-procura-identity"]'],
      remove: true,
    },
    ...(options.pretty
      ? {
          transport: {
            target: 'pino-pretty',
            options: { colorize: true, ignore: 'pid,hostname', singleLine: true },
          },
        }
      : {}),
  });
}

import type { Logger } from '../../../functions/ports/logger.ts';

export interface LogLine {
  readonly level: string;
  readonly message: string;
  readonly fields: Record<string, unknown>;
}

/** A Logger that keeps what it is told, to check what reaches the logs (and what must not). */
export function recordingLogger(
  lines: LogLine[] = [],
  base: Record<string, unknown> = {},
): Logger & {
  lines: LogLine[];
} {
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push({ level, message, fields: { ...base, ...fields } });
  };
  return {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (fields) => recordingLogger(lines, { ...base, ...fields }),
  };
}

/**
 * One log record (pino's JSON line) as a person reads it on a terminal: a sentence with its level, and the
 * cause the record carries (a `reason`, an `error`, an `err`) in brackets — "Warning: The wake-up timer is
 * enabled but not started (systemctl --user restart …: Failed to connect to bus)." Info and below carry no
 * prefix. Fields come from pages and peers: the caller makes the line inert for its terminal.
 */
export function logSentence(record: Record<string, unknown>): string {
  const level = typeof record.level === 'number' ? record.level : 30;
  const prefix = level >= 50 ? 'Error: ' : level >= 40 ? 'Warning: ' : '';
  const message = typeof record.msg === 'string' ? record.msg.trim() : '';
  const cause = causeOf(record);
  const sentence = cause === undefined || message.includes(cause) ? message : `${message} (${cause})`;
  return `${prefix}${capitalised(withFullStop(sentence))}`;
}

function causeOf(record: Record<string, unknown>): string | undefined {
  for (const key of ['reason', 'error', 'err', 'detail']) {
    const value = record[key];
    if (typeof value === 'string' && value.trim() !== '') return firstLine(value);
    if (value && typeof value === 'object' && 'message' in value && typeof value.message === 'string')
      return firstLine(value.message);
  }
  return undefined;
}

function firstLine(text: string): string {
  return (text.trim().split('\n')[0] ?? '').replace(/[.\s]+$/, '');
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function withFullStop(text: string): string {
  return text === '' || /[.!?]$/.test(text) ? text : `${text}.`;
}

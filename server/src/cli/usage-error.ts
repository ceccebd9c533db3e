/** A mistake in how the command was called: exit code 2, message on stderr, no stack trace. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const SEVERITIES = ['off', 'info', 'warning', 'error'] as const;

/** `--rule ID:SEVERITY`, repeatable. */
export function parseRuleFlag(value: string, previous: Record<string, (typeof SEVERITIES)[number]> = {}): Record<string, (typeof SEVERITIES)[number]> {
  const m = /^([a-z0-9-]+):(\w+)$/.exec(value.trim());
  if (!m || !(SEVERITIES as readonly string[]).includes(m[2])) {
    throw new UsageError(`--rule expects ID:SEVERITY with SEVERITY one of ${SEVERITIES.join(', ')}, got "${value}"`);
  }
  return { ...previous, [m[1]]: m[2] as (typeof SEVERITIES)[number] };
}

export function parseCount(value: string, flag: string): number {
  if (!/^-?\d+$/.test(value)) throw new UsageError(`${flag} expects a whole number, got "${value}"`);
  return Number(value);
}

/** `--concurrency auto|off|N`. */
export function parseConcurrency(value: string): 'auto' | 'off' | number {
  if (value === 'auto' || value === 'off') return value;
  if (/^\d+$/.test(value) && Number(value) >= 1) return Number(value) === 1 ? 'off' : Number(value);
  throw new UsageError(`--concurrency expects auto, off or a whole number, got "${value}"`);
}

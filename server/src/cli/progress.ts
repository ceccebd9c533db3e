import { isatty } from 'node:tty';

/** A one-line counter on stderr for long runs in a terminal; silent in CI and pipes. */
export class Progress {
  private readonly enabled: boolean;

  constructor(private readonly total: number) {
    this.enabled = isatty(2) && total >= 200 && !process.env.CI;
    if (this.enabled) process.stderr.write(`Checking ${total} files…`);
  }

  update(done: number): void {
    if (this.enabled) process.stderr.write(`\rChecking ${this.total} files… ${done}/${this.total}`);
  }

  done(): void {
    if (this.enabled) process.stderr.write('\r\u001b[2K');
  }
}

/**
 * Coalesces bursts of edits into one lint: each request restarts a short timer, and
 * the lint reads the newest text, so results for superseded versions are never computed.
 */
export class LintScheduler {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly run: () => void,
    private delayMs: number,
  ) {}

  setDelay(ms: number): void {
    this.delayMs = Math.max(0, ms);
  }

  request(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.run();
    }, this.delayMs);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
  }
}

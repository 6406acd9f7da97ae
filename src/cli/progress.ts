/**
 * A one-line progress bar on stderr for long work (ingest): bytes done and total, records per second and the
 * time left, redrawn at most ten times a second. Only on a terminal; piped output gets the summary alone.
 */
import { humanDuration } from '../core/time.js';
import type { CliIo } from './io.js';

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export class ProgressBar {
  private lastDraw = 0;
  private started = 0;
  private drawn = false;

  constructor(
    private readonly io: CliIo,
    private readonly enabled: boolean,
    /** The clock in milliseconds (a parameter for tests). */
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** Starts timing a new item (a file). */
  start(): void {
    this.started = this.clock();
    this.lastDraw = 0;
  }

  /** Redraws the bar when enough time has passed. */
  update(
    label: string,
    done: number,
    total: number,
    records: number,
    unit: 'bytes' | 'count' = 'bytes',
  ): void {
    if (!this.enabled) return;
    const now = this.clock();
    if (now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const show = unit === 'bytes' ? bytes : (n: number) => n.toLocaleString('en');
    const seconds = Math.max((now - this.started) / 1000, 0.001);
    const rate = records / seconds;
    const share = total > 0 ? Math.min(done / total, 1) : 0;
    const width = 24;
    const filled = Math.round(share * width);
    const eta = share > 0.01 && share < 1 ? ` ETA ${humanDuration((seconds / share) * (1 - share))}` : '';
    const line =
      `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)}% ` +
      `${show(done)}${total > 0 ? `/${show(total)}` : ''} ${Math.round(rate).toLocaleString('en')} records/s${eta} ${label}`;
    this.io.stderr(`\r${line.slice(0, 160).padEnd(this.drawn ? 100 : 0)}`);
    this.drawn = true;
  }

  /** Clears the bar so the next output starts on a clean line. */
  clear(): void {
    if (this.enabled && this.drawn) this.io.stderr(`\r${' '.repeat(160)}\r`);
    this.drawn = false;
  }
}

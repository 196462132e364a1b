/**
 * Progress of a recording run: on a terminal one line, redrawn for each operation (`[12/56] getContact · ETA
 * 40s`), with problems printed above it; elsewhere (CI, a pipe) one plain line per finished operation.
 * Every text passes through `scrub` first, which takes out the API key should it ever appear.
 */
export class RecordProgress {
  readonly #out: NodeJS.WritableStream;
  readonly #total: number;
  readonly #scrub: (text: string) => string;
  readonly #now: () => number;
  readonly #tty: boolean;
  #finished = 0;
  #spentMs = 0;
  #startedAt = 0;
  #statusShown = false;

  constructor(out: NodeJS.WritableStream, total: number, scrub: (text: string) => string, now: () => number = Date.now) {
    this.#out = out;
    this.#total = total;
    this.#scrub = scrub;
    this.#now = now;
    this.#tty = (out as { isTTY?: boolean }).isTTY === true;
  }

  /** Operation `position` (1-based) starts. */
  begin(position: number, operationId: string): void {
    this.#startedAt = this.#now();
    if (!this.#tty) return;
    this.#write(`\r\x1b[2K${this.#counter(position)} ${operationId} · ${this.#eta()}`);
    this.#statusShown = true;
  }

  /** Operation `position` ended; `problem` outcomes stay visible on a terminal too. */
  end(position: number, operationId: string, outcome: string, problem: boolean): void {
    this.#finished++;
    this.#spentMs += this.#now() - this.#startedAt;
    const line = `${this.#counter(position)} ${operationId}: ${outcome}`;
    if (!this.#tty) this.#write(`${line} (${this.#eta()})\n`);
    else if (problem) this.note(line);
  }

  /** A line that stays, printed above the status line on a terminal. */
  note(text: string): void {
    this.#clearStatus();
    this.#write(`${text}\n`);
  }

  /** Clears the status line; call once at the end. */
  close(): void {
    this.#clearStatus();
  }

  #clearStatus(): void {
    if (this.#statusShown) this.#write("\r\x1b[2K");
    this.#statusShown = false;
  }

  #counter(position: number): string {
    const width = String(this.#total).length;
    return `[${String(position).padStart(width)}/${this.#total}]`;
  }

  /** Average time per finished operation × operations left. */
  #eta(): string {
    const left = this.#total - this.#finished;
    if (left <= 0) return "ETA 0s";
    if (this.#finished === 0) return "ETA …";
    return `ETA ${formatDuration((this.#spentMs / this.#finished) * left)}`;
  }

  #write(text: string): void {
    this.#out.write(this.#scrub(text));
  }
}

export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 1) return "<1s";
  const minutes = Math.floor(seconds / 60);
  return minutes > 0 ? `${minutes}m${String(seconds % 60).padStart(2, "0")}s` : `${seconds}s`;
}

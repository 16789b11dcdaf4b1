/** One progress bar per stage, redrawn in place on a terminal and printed line by line otherwise. */

export interface StageProgress {
  percent: number;
  etaSeconds: number | null;
  operation: string;
  status: string;
}

const WIDTH = 24;

function bar(percent: number): string {
  const filled = Math.round((Math.max(0, Math.min(100, percent)) / 100) * WIDTH);
  return "█".repeat(filled) + "░".repeat(WIDTH - filled);
}

function eta(seconds: number | null): string {
  if (seconds === null) return "";
  return seconds >= 60 ? `ETA ${Math.floor(seconds / 60)}m${Math.round(seconds % 60)}s` : `ETA ${Math.round(seconds)}s`;
}

export class ProgressView {
  private readonly stages = new Map<string, StageProgress>();
  private drawnLines = 0;

  constructor(
    stageNames: string[],
    private readonly out: NodeJS.WriteStream = process.stdout,
  ) {
    for (const name of stageNames)
      this.stages.set(name, { percent: 0, etaSeconds: null, operation: "waiting", status: "pending" });
  }

  /** Records a stage's progress and redraws. */
  update(stage: string, progress: Partial<StageProgress>): void {
    const current = this.stages.get(stage);
    if (!current) return;
    this.stages.set(stage, { ...current, ...progress });
    this.draw();
  }

  private draw(): void {
    const lines = [...this.stages].map(([name, s]) =>
      `${name.padEnd(13)} ${bar(s.percent)} ${s.percent.toFixed(0).padStart(3)}%  ${eta(s.etaSeconds).padEnd(10)} ${s.operation}`.slice(
        0,
        110,
      ),
    );
    if (this.out.isTTY) {
      if (this.drawnLines > 0) this.out.write(`\x1b[${this.drawnLines}A`);
      for (const line of lines) this.out.write(`\x1b[2K${line}\n`);
      this.drawnLines = lines.length;
    }
  }

  /** Prints the final state (always, also when not on a terminal). */
  finish(): void {
    if (!this.out.isTTY)
      for (const [name, s] of this.stages)
        this.out.write(`${name.padEnd(13)} ${s.status.padEnd(9)} ${s.percent.toFixed(0)}%\n`);
  }
}

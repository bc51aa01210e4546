/**
 * Progress for long start-up work (seeding, imports): a live line on a terminal,
 * one line per 10 % step elsewhere (CI logs, the `npm start` launcher).
 */
export class ProgressReporter {
    private readonly startedAt = Date.now();
    private lastPrintedPercent = -1;
    private readonly tty: boolean;

    constructor(
        private readonly prefix: string,
        private readonly out: NodeJS.WriteStream = process.stdout,
    ) {
        this.tty = Boolean(out.isTTY);
    }

    step(label: string): void {
        this.endLiveLine();
        this.lastPrintedPercent = -1;
        this.out.write(`${this.prefix} ${label}\n`);
    }

    progress(label: string, done: number, total: number): void {
        const percent = total > 0 ? Math.floor((done / total) * 100) : 100;
        if (this.tty) {
            const width = 24;
            const filled = Math.round((percent / 100) * width);
            this.out.write(`\r${this.prefix} ${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
            this.live = true;
            if (done >= total) this.endLiveLine();
            return;
        }
        const bucket = Math.floor(percent / 10) * 10;
        if (bucket !== this.lastPrintedPercent) {
            this.lastPrintedPercent = bucket;
            this.out.write(`${this.prefix} ${label} ${done}/${total} (${percent}%)\n`);
        }
    }

    summary(text: string): void {
        this.endLiveLine();
        const seconds = ((Date.now() - this.startedAt) / 1000).toFixed(1);
        this.out.write(`${this.prefix} ${text} in ${seconds}s\n`);
    }

    private live = false;
    private endLiveLine(): void {
        if (this.live) {
            this.out.write('\n');
            this.live = false;
        }
    }
}

import { CsvImportState } from './csv-import.entity';

/** A RUNNING import whose job has not reported progress for this long is taken as abandoned (its worker stopped). */
export const STALE_RUN_MS = 10 * 60_000;

export interface ApplicableImport {
    state: CsvImportState;
    errorCount: number;
    validRows: number;
    processed: number;
    total: number;
    updatedAt: Date;
}

/**
 * Why an import may not be applied now, in words that say what to do; undefined when it may.
 * A dry-run with errors is applied only when the user chooses to import only the valid rows.
 */
export function applyRefusal(item: ApplicableImport, onlyValidRows: boolean, now = new Date()): string | undefined {
    if (item.state === 'PENDING') return 'This import is already queued: follow its progress with csvImport.';
    if (item.state === 'RUNNING' && now.getTime() - item.updatedAt.getTime() < STALE_RUN_MS) {
        return `This import is running (${item.processed} of ${item.total} done): follow its progress with csvImport.`;
    }
    if (item.validRows === 0) {
        return `No row of this file is valid (${item.errorCount} error${item.errorCount === 1 ? '' : 's'}): there is nothing to import. Correct the file and upload it again.`;
    }
    if (item.errorCount > 0 && !onlyValidRows) {
        return (
            `The dry-run found ${item.errorCount} error${item.errorCount === 1 ? '' : 's'} in this file, so nothing was written. ` +
            `Correct the file and upload it again, or apply with onlyValidRows: true to import only the ${item.validRows} valid row${item.validRows === 1 ? '' : 's'}.`
        );
    }
    return undefined;
}

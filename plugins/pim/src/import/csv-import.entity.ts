import { DeepPartial } from '@vendure/core';
import { TenantScopedEntity } from '@entrepreneur-os/multi-tenant-plugin';
import { Column, Entity, Index } from 'typeorm';

import { CsvImportError } from './csv';

export const CSV_IMPORT_KINDS = ['SUPPLIER_PRICES', 'PRODUCTS'] as const;
export type CsvImportKind = (typeof CSV_IMPORT_KINDS)[number];

/**
 * DRY_RUN: checked, nothing written. PENDING → RUNNING → SUCCEEDED | FAILED once applied; applying
 * again (after FAILED, or to repeat a SUCCEEDED import) runs the same job again.
 */
export const CSV_IMPORT_STATES = ['DRY_RUN', 'PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED'] as const;
export type CsvImportState = (typeof CSV_IMPORT_STATES)[number];

/**
 * One uploaded CSV file of a tenant: its content, what the dry-run found and, once applied, the
 * progress of the import job. The job data holds only this row's id: the file lives here.
 */
@Entity('eos_csv_import')
@Index(['tenantCode', 'createdAt'])
export class CsvImport extends TenantScopedEntity {
    constructor(input?: DeepPartial<CsvImport>) {
        super(input);
    }

    @Column('varchar', { length: 24 }) kind: CsvImportKind;
    @Column('varchar', { length: 16 }) state: CsvImportState;
    @Column('varchar', { length: 255 }) fileName: string;
    /** Identifier of the administrator who uploaded the file. */
    @Column('varchar', { length: 255, nullable: true }) createdBy: string | null;
    /** The file as decoded UTF-8 text. Not loaded unless asked for: lists never carry it. */
    @Column({ type: 'text', select: false }) content: string;
    /** Data rows of the file (blank rows not counted). */
    @Column('int') totalRows: number;
    /** Rows the import writes: rows without errors (products: rows of products without errors). */
    @Column('int') validRows: number;
    @Column('int') errorCount: number;
    /** The first errors (at most {@link MAX_STORED_ERRORS}), by row and column. */
    @Column('simple-json') errors: CsvImportError[];
    /** Chosen when applied: write only the valid rows (true) or all rows (false, only when there are no errors). */
    @Column({ type: Boolean, nullable: true }) onlyValidRows: boolean | null;
    /** Rows (supplier prices) or products (products) the job has dealt with, of `total`. */
    @Column('int', { default: 0 }) processed: number;
    @Column('int', { default: 0 }) total: number;
    @Column('text', { nullable: true }) summary: string | null;
    @Column('text', { nullable: true }) failureReason: string | null;
    @Column('varchar', { length: 64, nullable: true }) jobId: string | null;
    /** Set anew by each apply: only the job of the latest apply may write progress and results. */
    @Column('varchar', { length: 36, nullable: true }) runId: string | null;
    @Column({ type: Date, nullable: true }) startedAt: Date | null;
    @Column({ type: Date, nullable: true }) finishedAt: Date | null;
}

/** Errors kept per import; the counts always cover all of them. */
export const MAX_STORED_ERRORS = 1_000;

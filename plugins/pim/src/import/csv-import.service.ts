import { randomUUID } from 'node:crypto';

import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { LogicalOperator, SortOrder } from '@vendure/common/lib/generated-types';
import {
    ConfigService,
    ID,
    JobQueue,
    JobQueueService,
    ListQueryBuilder,
    ListQueryOptions,
    PaginatedList,
    RequestContext,
    TransactionalConnection,
    UserInputError,
} from '@vendure/core';
import { TenantContextService, TenantScopedRepository } from '@entrepreneur-os/multi-tenant-plugin';
import { IsNull } from 'typeorm';

import { SupplierPrice } from '../entities/supplier-price.entity';
import { CsvImportChecks } from './csv-import-checks.service';
import { CSV_IMPORT_QUEUE, CsvImportJobData, CsvImportRunner } from './csv-import-runner';
import { CsvImport, CsvImportKind, MAX_STORED_ERRORS } from './csv-import.entity';
import { CsvImportError } from './csv';
import { assertMayImport, importableKinds } from './import-permissions';
import { applyRefusal } from './import-state';

/** What a Vendure `Upload` argument resolves to (graphql-upload's FileUpload). */
export interface FileUpload {
    filename: string;
    mimetype?: string;
    createReadStream(): NodeJS.ReadableStream;
}

export interface CsvImportDryRunResult {
    importId: ID | null;
    kind: CsvImportKind;
    fileName: string;
    totalRows: number;
    validRows: number;
    errorCount: number;
    errors: CsvImportError[];
    truncatedErrors: boolean;
}

/**
 * CSV imports of a tenant: the dry-run (check everything, write nothing to the catalog, keep the
 * file), apply (queue the job), and following them. The job itself is {@link CsvImportRunner}.
 */
@Injectable()
export class CsvImportService implements OnApplicationBootstrap {
    readonly repository: TenantScopedRepository<CsvImport>;
    private queue: JobQueue<CsvImportJobData>;

    constructor(
        private connection: TransactionalConnection,
        private tenantContext: TenantContextService,
        private jobQueueService: JobQueueService,
        private configService: ConfigService,
        private checks: CsvImportChecks,
        private runner: CsvImportRunner,
        listQueryBuilder: ListQueryBuilder,
    ) {
        this.repository = new TenantScopedRepository(connection, tenantContext, CsvImport, listQueryBuilder);
    }

    async onApplicationBootstrap(): Promise<void> {
        if (!this.connection.rawConnection.hasMetadata(SupplierPrice)) {
            throw new Error('PimImportPlugin needs PimPlugin (its Supplier and SupplierPrice entities): add PimPlugin to the plugins too');
        }
        this.queue = await this.jobQueueService.createQueue({
            name: CSV_IMPORT_QUEUE,
            process: job => this.runner.run(job.data, percent => job.setProgress(percent)),
        });
    }

    /** Checks an uploaded file; keeps it (and the result) for apply unless the file itself was refused. */
    async dryRun(ctx: RequestContext, kind: CsvImportKind, upload: FileUpload | Promise<FileUpload>): Promise<CsvImportDryRunResult> {
        assertMayImport(ctx, kind);
        await this.tenantContext.require(ctx);
        const file = await upload;
        const fileName = (file.filename || 'upload.csv').slice(0, 255);
        const bytes = await this.readUpload(file);
        const checked = await this.checks.check(ctx, kind, bytes, 'dry-run');
        if (!checked.ok) {
            return {
                importId: null,
                kind,
                fileName,
                totalRows: 0,
                validRows: 0,
                errorCount: checked.fileErrors.length,
                errors: checked.fileErrors,
                truncatedErrors: false,
            };
        }
        const errors = checked.errors.slice(0, MAX_STORED_ERRORS);
        const saved = await this.repository.save(ctx, {
            kind,
            state: 'DRY_RUN',
            fileName,
            createdBy: ctx.session?.user?.identifier ?? null,
            // Decoding succeeded, so this is the file's text exactly (a byte order mark removed).
            content: new TextDecoder('utf-8').decode(bytes),
            totalRows: checked.totalRows,
            validRows: checked.validRows,
            errorCount: checked.errors.length,
            errors,
            onlyValidRows: null,
            processed: 0,
            total: 0,
            summary: null,
            failureReason: null,
            jobId: null,
            runId: null,
            startedAt: null,
            finishedAt: null,
        });
        return {
            importId: saved.id,
            kind,
            fileName,
            totalRows: checked.totalRows,
            validRows: checked.validRows,
            errorCount: checked.errors.length,
            errors,
            truncatedErrors: checked.errors.length > errors.length,
        };
    }

    /**
     * Queues the import job. Refused, with what to do, while a run is queued or running, when the
     * dry-run found errors and not only the valid rows are asked for, or when no row is valid.
     */
    async apply(ctx: RequestContext, id: ID, onlyValidRows: boolean): Promise<CsvImport> {
        const item = await this.repository.getOrThrow(ctx, id);
        assertMayImport(ctx, item.kind);
        const refusal = applyRefusal(item, onlyValidRows);
        if (refusal) throw new UserInputError(refusal);
        const { code } = await this.tenantContext.require(ctx);
        const runId = randomUUID();
        // Only one of two concurrent applies wins: the update is conditional on the run it replaces.
        const claimed = await this.connection.getRepository(ctx, CsvImport).update(
            { id: item.id, tenantCode: code, state: item.state, runId: item.runId ?? IsNull() },
            {
                state: 'PENDING',
                runId,
                onlyValidRows,
                processed: 0,
                total: 0,
                summary: null,
                failureReason: null,
                startedAt: null,
                finishedAt: null,
            },
        );
        if (!claimed.affected) {
            throw new UserInputError('This import was applied at the same moment from elsewhere: follow its progress with csvImport.');
        }
        try {
            const job = await this.queue.add({ importId: String(item.id), channelId: String(ctx.channelId), runId }, { retries: 0 });
            if (job.id != null) {
                await this.connection.getRepository(ctx, CsvImport).update({ id: item.id, runId }, { jobId: String(job.id) });
            }
        } catch (err) {
            await this.connection
                .getRepository(ctx, CsvImport)
                .update(
                    { id: item.id, runId },
                    { state: 'FAILED', failureReason: `could not queue the import: ${(err as Error).message}` },
                );
            throw err;
        }
        return this.repository.getOrThrow(ctx, id);
    }

    /** An import of the active tenant, if the administrator may run imports of its kind. */
    async findOne(ctx: RequestContext, id: ID): Promise<CsvImport | undefined> {
        const item = await this.repository.findOne(ctx, id);
        return item && importableKinds(ctx).includes(item.kind) ? item : undefined;
    }

    /** Imports of the active tenant of the kinds the administrator may run; newest first by default. */
    list(ctx: RequestContext, options: ListQueryOptions<CsvImport> = {}): Promise<PaginatedList<CsvImport>> {
        const kinds = importableKinds(ctx);
        if (!kinds.length) return Promise.resolve({ items: [], totalItems: 0 });
        return this.repository.list(ctx, {
            ...options,
            sort: options.sort ?? { createdAt: SortOrder.DESC },
            // AND, so that no filter a caller adds can widen the list beyond the permitted kinds.
            filterOperator: LogicalOperator.AND,
            filter: { ...(options.filter ?? {}), kind: { in: kinds } },
        });
    }

    /** The upload's bytes; Vendure's upload size limit (assetOptions.uploadMaxFileSize) applies. */
    private async readUpload(file: FileUpload): Promise<Uint8Array> {
        const limit = this.configService.assetOptions.uploadMaxFileSize;
        const chunks: Buffer[] = [];
        try {
            for await (const chunk of file.createReadStream()) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
        } catch (err) {
            const message = (err as Error).message ?? '';
            if (/exceeds|too large|limit/i.test(message)) {
                throw new UserInputError(
                    `The file is larger than the upload limit of ${(limit / 1024 / 1024).toFixed(0)} MB: split it into smaller files`,
                );
            }
            throw err;
        }
        return Buffer.concat(chunks);
    }
}

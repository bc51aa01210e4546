import { Injectable } from '@nestjs/common';
import {
    AssetImporter,
    AssetService,
    ChannelService,
    ConfigService,
    EventBus,
    FacetService,
    FacetValueService,
    FastImporterService,
    ID,
    Importer,
    ImportParser,
    Logger,
    Product,
    ProductEvent,
    ProductVariant,
    ProductVariantPrice,
    RequestContext,
    RequestContextService,
    StockMovementService as VendureStockMovementService,
    TaxCategoryService,
    TransactionalConnection,
    TranslatableSaver,
} from '@vendure/core';
import { TenantContextService, TenantScopedRepository } from '@entrepreneur-os/multi-tenant-plugin';
import { In, Not } from 'typeorm';

import { SupplierPrice } from '../entities/supplier-price.entity';
import { CsvImportChecks } from './csv-import-checks.service';
import { CsvImport, CsvImportState, MAX_STORED_ERRORS } from './csv-import.entity';
import { CsvImportError, CsvTable } from './csv';
import { ImportLookupService } from './import-lookups.service';
import { ProductGroup } from './product-csv';
import { SupplierPriceRecord, upsertKey } from './supplier-price-csv';
import { TenantImporter } from './tenant-importer';

export const CSV_IMPORT_QUEUE = 'eos-csv-import';
export const loggerCtx = 'PimImportPlugin';

/** All a job carries: which import, in which channel, for which apply. Never the file, never a token. */
export interface CsvImportJobData {
    importId: string;
    channelId: string;
    runId: string;
    [key: string]: string;
}

/** Supplier prices written per transaction (and per progress update). */
const PRICE_BATCH = 250;
const PROGRESS_INTERVAL_MS = 500;

/** The import was applied again meanwhile: this run stops and leaves the import to the newer one. */
class RunSuperseded extends Error {}

/** A failure with the words the user sees as the import's failureReason. */
class ImportFailure extends Error {
    constructor(
        message: string,
        readonly errors?: CsvImportError[],
        readonly validRows?: number,
    ) {
        super(message);
    }
}

/**
 * The job that applies an import. It checks the file again against the tenant's current data (the
 * catalog may have changed since the dry-run), then writes in batches, reporting progress. Every
 * write is idempotent — supplier prices are upserted by (supplier, variant, valid_from), products an
 * earlier run created are skipped — so running it again never duplicates anything.
 */
@Injectable()
export class CsvImportRunner {
    constructor(
        private connection: TransactionalConnection,
        private tenantContext: TenantContextService,
        private channelService: ChannelService,
        private requestContextService: RequestContextService,
        private checks: CsvImportChecks,
        private lookups: ImportLookupService,
        private eventBus: EventBus,
        private configService: ConfigService,
        private importParser: ImportParser,
        private facetService: FacetService,
        private facetValueService: FacetValueService,
        private taxCategoryService: TaxCategoryService,
        private assetService: AssetService,
        private stockMovementService: VendureStockMovementService,
        private translatableSaver: TranslatableSaver,
    ) {}

    async run(
        data: CsvImportJobData,
        reportProgress: (percent: number) => void,
    ): Promise<{ state: CsvImportState | 'SUPERSEDED'; summary: string }> {
        const ctx = await this.contextFor(data.channelId);
        const { code } = await this.tenantContext.require(ctx);
        const run = new ImportRun(this.connection, ctx, code, data.importId, data.runId, reportProgress);
        const started = await run.update(
            { state: 'RUNNING', startedAt: new Date(), finishedAt: null, failureReason: null, summary: null, processed: 0, total: 0 },
            'PENDING',
        );
        if (!started) return { state: 'SUPERSEDED', summary: 'the import was applied again meanwhile, or is no longer pending' };
        try {
            const item = await this.withContent(ctx, data.importId);
            const checked = await this.checks.check(ctx, item.kind, Buffer.from(item.content, 'utf8'), 'apply');
            if (!checked.ok) {
                throw new ImportFailure(
                    `the file no longer passes its checks: ${checked.fileErrors.map(e => e.message).join('; ')}`,
                    checked.fileErrors,
                );
            }
            if (checked.errors.length && !item.onlyValidRows) {
                throw new ImportFailure(
                    `${checked.errors.length} error${checked.errors.length === 1 ? '' : 's'} now (the catalog changed since the dry-run), so nothing was written: upload the file again for a new dry-run, or apply with onlyValidRows: true`,
                    checked.errors,
                    checked.validRows,
                );
            }
            await run.update({
                errors: checked.errors.slice(0, MAX_STORED_ERRORS),
                errorCount: checked.errors.length,
                validRows: checked.validRows,
            });
            const leftOut = checked.errors.length
                ? `; ${checked.errors.length} error${checked.errors.length === 1 ? '' : 's'}: the rows concerned were not imported`
                : '';
            const summary =
                item.kind === 'SUPPLIER_PRICES'
                    ? await this.applySupplierPrices(ctx, run, checked.supplierPrices ?? [])
                    : await this.applyProducts(ctx, run, checked.products!.table, checked.products!.groups);
            await run.update({ state: 'SUCCEEDED', summary: summary + leftOut, finishedAt: new Date() });
            reportProgress(100);
            return { state: 'SUCCEEDED', summary: summary + leftOut };
        } catch (err) {
            if (err instanceof RunSuperseded) return { state: 'SUPERSEDED', summary: 'the import was applied again meanwhile' };
            const reason = err instanceof ImportFailure ? err.message : `the import stopped: ${(err as Error).message}`;
            Logger.warn(`CSV import ${data.importId} of tenant ${code} failed: ${reason}`, loggerCtx);
            await run.update({
                state: 'FAILED',
                failureReason: reason,
                finishedAt: new Date(),
                ...(err instanceof ImportFailure && err.errors
                    ? { errors: err.errors.slice(0, MAX_STORED_ERRORS), errorCount: err.errors.length, validRows: err.validRows ?? 0 }
                    : {}),
            });
            throw new Error(reason);
        }
    }

    /** Supplier prices, upserted by (supplier, variant, valid_from) in transactions of {@link PRICE_BATCH} rows. */
    private async applySupplierPrices(ctx: RequestContext, run: ImportRun, records: SupplierPriceRecord[]): Promise<string> {
        const prices = new TenantScopedRepository(this.connection, this.tenantContext, SupplierPrice);
        let created = 0;
        let updated = 0;
        await run.progress(0, records.length);
        for (let i = 0; i < records.length; i += PRICE_BATCH) {
            const batch = records.slice(i, i + PRICE_BATCH);
            await this.connection.withTransaction(ctx, async tx => {
                const stored = await prices.find(tx, {
                    where: {
                        productVariantId: In([...new Set(batch.map(r => r.productVariantId))]),
                        supplierId: In([...new Set(batch.map(r => r.supplierId))]),
                    },
                });
                const byKey = new Map(stored.map(p => [upsertKey({ ...p, validFrom: toDate(p.validFrom) }), p.id]));
                for (const r of batch) {
                    const fields = {
                        supplierId: r.supplierId,
                        productVariantId: r.productVariantId,
                        costPrice: r.costPrice,
                        currencyCode: r.currencyCode as SupplierPrice['currencyCode'],
                        minOrderQuantity: r.minOrderQuantity,
                        validFrom: r.validFrom,
                        validTo: r.validTo,
                        preferred: r.preferred,
                    };
                    const id = byKey.get(upsertKey(r));
                    if (id !== undefined) {
                        await prices.save(tx, { ...fields, id });
                        updated++;
                    } else {
                        const saved = await prices.save(tx, fields);
                        byKey.set(upsertKey(r), saved.id);
                        created++;
                    }
                }
                await run.progress(i + batch.length, records.length, tx);
            });
        }
        return `${created} supplier price${created === 1 ? '' : 's'} created, ${updated} updated`;
    }

    /**
     * Products through Vendure's Importer, in the tenant's channel. Products whose SKUs all exist are
     * those an earlier run of this import created: skipped. Afterwards the tenant channel's prices of
     * the new variants get the channel's currency (Vendure's importer writes the default channel's).
     */
    private async applyProducts(ctx: RequestContext, run: ImportRun, table: CsvTable, groups: ProductGroup[]): Promise<string> {
        const toImport = groups.filter(g => g.state === 'valid');
        const earlier = groups.filter(g => g.state === 'imported');
        const total = toImport.length + earlier.length;
        await run.progress(earlier.length, total);
        let importErrors: string[] = [];
        if (toImport.length) {
            const parsed = await this.checks.vendureParse(
                table,
                toImport.flatMap(g => g.rows),
                this.checks.mainLanguage(ctx),
            );
            if (!parsed.ok) throw new ImportFailure(parsed.fileErrors.map(e => e.message).join('; '), parsed.fileErrors);
            if (parsed.results.length !== toImport.length) {
                throw new Error(`Vendure's parser read ${parsed.results.length} products where the checks found ${toImport.length}`);
            }
            const progress = new ThrottledProgress(n => run.progress(earlier.length + n, total));
            importErrors = await this.freshImporter().importProducts(ctx, parsed.results, p => progress.report(p.imported));
            await progress.flush();
        }
        const created = await this.lookups.variantsBySku(
            ctx,
            toImport.flatMap(g => g.skus),
        );
        const all = await this.lookups.variantsBySku(
            ctx,
            [...toImport, ...earlier].flatMap(g => g.skus),
        );
        await this.useChannelCurrency(ctx, [...all.values()].flat());
        await this.publishCreated(ctx, [...created.values()].flat());
        await run.progress(total, total);
        const variants = toImport.reduce((n, g) => n + g.skus.length, 0);
        return (
            `${toImport.length} product${toImport.length === 1 ? '' : 's'} (${variants} variant${variants === 1 ? '' : 's'}) created` +
            (earlier.length ? `, ${earlier.length} already imported by an earlier run skipped` : '') +
            (importErrors.length ? `; Vendure's importer reported: ${importErrors.slice(0, 10).join('; ')}` : '')
        );
    }

    /**
     * The Importer and its helpers keep per-import state in fields — the channel being imported into,
     * and an asset cache that is never cleared — so each run gets its own set, and two tenants' imports
     * never share assets or channels. Facets are the tenant's own ({@link TenantImporter}).
     */
    private freshImporter(): Importer {
        return new TenantImporter({
            configService: this.configService,
            importParser: this.importParser,
            channelService: this.channelService,
            facetService: this.facetService,
            facetValueService: this.facetValueService,
            taxCategoryService: this.taxCategoryService,
            assetImporter: new AssetImporter(this.configService, this.assetService),
            fastImporter: new FastImporterService(
                this.connection,
                this.channelService,
                this.stockMovementService,
                this.translatableSaver,
                this.requestContextService,
            ),
            connection: this.connection,
        });
    }

    private async useChannelCurrency(ctx: RequestContext, variantIds: ID[]): Promise<void> {
        const currencyCode = ctx.channel.defaultCurrencyCode;
        const repo = this.connection.getRepository(ctx, ProductVariantPrice);
        for (let i = 0; i < variantIds.length; i += 500) {
            const wrong = await repo.find({
                select: { id: true },
                where: { channelId: ctx.channelId, variant: { id: In(variantIds.slice(i, i + 500)) }, currencyCode: Not(currencyCode) },
            });
            if (wrong.length) await repo.update({ id: In(wrong.map(p => p.id)) }, { currencyCode });
        }
    }

    /** What Vendure's own createProduct announces (the search index and other listeners follow it). */
    private async publishCreated(ctx: RequestContext, variantIds: ID[]): Promise<void> {
        const productIds = new Set<ID>();
        for (let i = 0; i < variantIds.length; i += 500) {
            const variants = await this.connection.getRepository(ctx, ProductVariant).find({
                select: { id: true, productId: true },
                where: { id: In(variantIds.slice(i, i + 500)) },
            });
            for (const v of variants) productIds.add(v.productId);
        }
        const ids = [...productIds];
        for (let i = 0; i < ids.length; i += 500) {
            const products = await this.connection.getRepository(ctx, Product).find({ where: { id: In(ids.slice(i, i + 500)) } });
            for (const product of products) await this.eventBus.publish(new ProductEvent(ctx, product, 'created'));
        }
    }

    private async contextFor(channelId: ID): Promise<RequestContext> {
        const channel = await this.channelService.findOne(RequestContext.empty(), channelId);
        if (!channel) throw new Error(`channel ${String(channelId)} of the import no longer exists`);
        return this.requestContextService.create({
            apiType: 'admin',
            channelOrToken: channel.token,
            languageCode: channel.defaultLanguageCode,
        });
    }

    private async withContent(ctx: RequestContext, id: ID): Promise<CsvImport> {
        const { code } = await this.tenantContext.require(ctx);
        const item = await this.connection
            .getRepository(ctx, CsvImport)
            .createQueryBuilder('csvImport')
            .addSelect('csvImport.content')
            .where('csvImport.id = :id AND csvImport.tenantCode = :code', { id, code })
            .getOne();
        if (!item) throw new Error(`import ${String(id)} not found`);
        return item;
    }
}

/**
 * Updates of one run of an import. Every update names the run: once the import was applied again,
 * the older run's updates change nothing and it stops.
 */
class ImportRun {
    constructor(
        private connection: TransactionalConnection,
        private ctx: RequestContext,
        private tenantCode: string,
        private importId: string,
        private runId: string,
        private reportProgress: (percent: number) => void,
    ) {}

    async update(fields: Partial<CsvImport>, fromState?: CsvImportState, ctx = this.ctx): Promise<boolean> {
        const result = await this.connection
            .getRepository(ctx, CsvImport)
            .update(
                { id: this.importId, tenantCode: this.tenantCode, runId: this.runId, ...(fromState ? { state: fromState } : {}) },
                fields,
            );
        return !!result.affected;
    }

    async progress(processed: number, total: number, ctx = this.ctx): Promise<void> {
        if (!(await this.update({ processed, total }, undefined, ctx))) throw new RunSuperseded();
        this.reportProgress(total ? Math.floor((processed / total) * 100) : 100);
    }
}

/** Progress from a synchronous callback: at most one update every {@link PROGRESS_INTERVAL_MS}, in order. */
class ThrottledProgress {
    private chain: Promise<void> = Promise.resolve();
    private last = 0;
    private latest = 0;
    private failure: Error | undefined;

    constructor(private write: (done: number) => Promise<void>) {}

    report(done: number): void {
        this.latest = done;
        if (Date.now() - this.last < PROGRESS_INTERVAL_MS) return;
        this.last = Date.now();
        this.chain = this.chain.then(() => this.write(done)).catch((err: Error) => void (this.failure ??= err));
    }

    async flush(): Promise<void> {
        await this.chain;
        if (this.failure) throw this.failure;
        await this.write(this.latest);
    }
}

function toDate(value: Date | string | null): Date | null {
    if (value == null) return null;
    return value instanceof Date ? value : new Date(value);
}

import fs from 'node:fs';
import path from 'node:path';

import { Injectable } from '@nestjs/common';
import {
    ConfigService,
    ID,
    ProductTranslation,
    ProductVariant,
    RequestContext,
    TaxCategoryService,
    TransactionalConnection,
} from '@vendure/core';
import { TenantContextService, TenantScopedRepository } from '@entrepreneur-os/multi-tenant-plugin';
import { In } from 'typeorm';

import { SupplierPrice } from '../entities/supplier-price.entity';
import { Supplier } from '../entities/supplier.entity';
import { ProductLookups } from './product-csv';
import { StoredPreferredPrice, SupplierPriceLookups } from './supplier-price-csv';

/** Names per IN (…) query: far below PostgreSQL's limit of bound parameters. */
const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
    const result: T[][] = [];
    for (let i = 0; i < items.length; i += CHUNK) result.push(items.slice(i, i + CHUNK));
    return result;
}

/**
 * The catalog data the import checks need, loaded in batches: one query per 500 names the file
 * holds (suppliers, SKUs, slugs, preferred prices), never one per row.
 */
@Injectable()
export class ImportLookupService {
    private suppliers: TenantScopedRepository<Supplier>;
    private prices: TenantScopedRepository<SupplierPrice>;

    constructor(
        private connection: TransactionalConnection,
        private configService: ConfigService,
        private taxCategoryService: TaxCategoryService,
        tenantContext: TenantContextService,
    ) {
        this.suppliers = new TenantScopedRepository(connection, tenantContext, Supplier);
        this.prices = new TenantScopedRepository(connection, tenantContext, SupplierPrice);
    }

    async forSupplierPrices(ctx: RequestContext, names: { supplierCodes: string[]; skus: string[] }): Promise<SupplierPriceLookups> {
        const suppliers = new Map<string, { id: ID; code: string; currencyCode: string }>();
        for (const codes of chunks(names.supplierCodes)) {
            for (const s of await this.suppliers.find(ctx, { where: { code: In(codes) } })) {
                suppliers.set(s.code, { id: s.id, code: s.code, currencyCode: s.currencyCode });
            }
        }
        const variants = await this.variantsBySku(ctx, names.skus);
        const variantIds = [...variants.values()].flat();
        const preferredPrices: StoredPreferredPrice[] = [];
        for (const ids of chunks(variantIds)) {
            const stored = await this.prices.find(ctx, {
                where: { productVariantId: In(ids), preferred: true },
                relations: { supplier: true },
            });
            for (const p of stored) {
                preferredPrices.push({
                    supplierId: p.supplierId,
                    supplierCode: p.supplier.code,
                    productVariantId: p.productVariantId,
                    validFrom: p.validFrom,
                    validTo: p.validTo,
                });
            }
        }
        return { suppliers, variants, preferredPrices };
    }

    async forProducts(ctx: RequestContext, names: { skus: string[]; slugs: string[] }): Promise<ProductLookups> {
        const existingSkus = new Set((await this.variantsBySku(ctx, names.skus)).keys());
        const existingSlugs = new Set<string>();
        for (const slugs of chunks(names.slugs)) {
            const rows = await this.connection
                .getRepository(ctx, ProductTranslation)
                .createQueryBuilder('translation')
                .innerJoin('translation.base', 'product')
                .innerJoin('product.channels', 'channel', 'channel.id = :channelId', { channelId: ctx.channelId })
                .select('translation.slug', 'slug')
                .where('translation.slug IN (:...slugs)', { slugs })
                .andWhere('product.deletedAt IS NULL')
                .getRawMany<{ slug: string }>();
            for (const r of rows) existingSlugs.add(r.slug);
        }
        // The order Vendure's importer searches them in: the same call it makes.
        const taxCategories = (await this.taxCategoryService.findAll(ctx)).items.map(t => t.name);
        const dir = this.configService.importExportOptions.importAssetsDir;
        const assetExists = (name: string) => {
            if (!dir) return false;
            try {
                return fs.statSync(path.join(dir, name)).isFile();
            } catch {
                return false;
            }
        };
        return { taxCategories, existingSkus, existingSlugs, assetExists };
    }

    /** Ids of the variants of the request's channel with the given SKUs (not deleted). */
    async variantsBySku(ctx: RequestContext, skus: readonly string[]): Promise<Map<string, ID[]>> {
        const result = new Map<string, ID[]>();
        for (const batch of chunks(skus)) {
            const rows = await this.connection
                .getRepository(ctx, ProductVariant)
                .createQueryBuilder('variant')
                .innerJoin('variant.channels', 'channel', 'channel.id = :channelId', { channelId: ctx.channelId })
                .select('variant.id', 'id')
                .addSelect('variant.sku', 'sku')
                .where('variant.sku IN (:...skus)', { skus: batch })
                .andWhere('variant.deletedAt IS NULL')
                .getRawMany<{ id: ID; sku: string }>();
            for (const r of rows) result.set(r.sku, [...(result.get(r.sku) ?? []), r.id]);
        }
        return result;
    }
}

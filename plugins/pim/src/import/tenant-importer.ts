import { LanguageCode } from '@vendure/common/lib/generated-types';
import { normalizeString } from '@vendure/common/lib/normalize-string';
import {
    AssetImporter,
    ChannelService,
    ConfigService,
    Facet,
    FacetService,
    FacetValueService,
    FastImporterService,
    ID,
    Importer,
    ImportParser,
    ParsedFacet,
    RequestContext,
    TaxCategoryService,
    TransactionalConnection,
    Translated,
} from '@vendure/core';
import { Like } from 'typeorm';

export interface TenantImporterDeps {
    configService: ConfigService;
    importParser: ImportParser;
    channelService: ChannelService;
    facetService: FacetService;
    facetValueService: FacetValueService;
    taxCategoryService: TaxCategoryService;
    assetImporter: AssetImporter;
    fastImporter: FastImporterService;
    connection: TransactionalConnection;
}

/**
 * Vendure's Importer with facets found and made per tenant channel.
 *
 * Stock Vendure looks a facet up by its code (the normalised name) and, when the facet belongs to
 * another channel, assigns it to the importing channel as well — one tenant's facet would then be
 * shared with another. Inside a tenant's channel the multi-tenant access control hides other
 * channels' facets, so Vendure creates a new one with the same code, which facet codes being unique
 * across all channels makes fail ("UNIQUE constraint failed: facet.code"). Here a tenant gets its
 * own facet: the channel's facet with that code (or the code plus a number, as made here before),
 * else a new one under a code no channel uses.
 */
export class TenantImporter extends Importer {
    private readonly facetsByName = new Map<string, Translated<Facet>>();
    private readonly valueIds = new Map<string, ID>();
    private readonly tenantFacets: FacetService;
    private readonly tenantFacetValues: FacetValueService;
    private readonly tenantConnection: TransactionalConnection;

    constructor(deps: TenantImporterDeps) {
        super(
            deps.configService,
            deps.importParser,
            deps.channelService,
            deps.facetService,
            deps.facetValueService,
            deps.taxCategoryService,
            deps.assetImporter,
            deps.fastImporter,
        );
        this.tenantFacets = deps.facetService;
        this.tenantFacetValues = deps.facetValueService;
        this.tenantConnection = deps.connection;
    }

    protected override async getFacetValueIds(ctx: RequestContext, facets: ParsedFacet[], languageCode: LanguageCode): Promise<ID[]> {
        const ids: ID[] = [];
        for (const item of facets) {
            const main = item.translations.find(t => t.languageCode === languageCode) ?? item.translations[0];
            const facet = await this.facetOf(ctx, main.facet, item);
            const key = `${String(facet.id)}\u0000${main.value}`;
            let id = this.valueIds.get(key);
            if (id === undefined) {
                const existing = facet.values.find(v => v.name === main.value);
                id = existing
                    ? existing.id
                    : (
                          await this.tenantFacetValues.create(ctx, facet, {
                              code: normalizeString(main.value, '-'),
                              translations: item.translations.map(t => ({ languageCode: t.languageCode, name: t.value })),
                          })
                      ).id;
                this.valueIds.set(key, id);
            }
            ids.push(id);
        }
        return ids;
    }

    private async facetOf(ctx: RequestContext, name: string, item: ParsedFacet): Promise<Translated<Facet>> {
        const cached = this.facetsByName.get(name);
        if (cached) return cached;
        const base = normalizeString(name, '-');
        // Through the request's channel: only this tenant's facets are found.
        const candidates = await this.tenantConnection.getRepository(ctx, Facet).find({
            where: [{ code: base }, { code: Like(`${base}-%`) }],
            order: { id: 'ASC' },
        });
        const suffixed = new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-\\d+$`);
        const own = candidates.find(f => f.code === base) ?? candidates.find(f => suffixed.test(f.code));
        let facet = own ? await this.tenantFacets.findOne(ctx, own.id) : undefined;
        if (!facet) {
            facet = await this.tenantFacets.create(ctx, {
                code: await this.unusedFacetCode(base),
                isPrivate: false,
                translations: item.translations.map(t => ({ languageCode: t.languageCode, name: t.facet })),
            });
        }
        this.facetsByName.set(name, facet);
        return facet;
    }

    /** `base`, or `base-2`, `base-3`, … : the first code no facet of any channel has. */
    private async unusedFacetCode(base: string): Promise<string> {
        // Deliberately without the request context: codes are unique across all channels.
        const repo = this.tenantConnection.rawConnection.getRepository(Facet);
        for (let n = 1; ; n++) {
            const candidate = n === 1 ? base : `${base}-${n}`;
            if ((await repo.count({ where: { code: candidate } })) === 0) return candidate;
        }
    }
}

import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Allow, Ctx, ID, ListQueryOptions, RequestContext } from '@vendure/core';

import { CsvImport, CsvImportKind } from './csv-import.entity';
import { CsvImportService, FileUpload } from './csv-import.service';
import { ANY_IMPORT_PERMISSION } from './import-permissions';

/**
 * CSV import in the Admin API. `@Allow` lets in anyone with one of the import permissions; the
 * service then checks those of the import's kind, and the tenant of every id.
 */
@Resolver()
export class CsvImportAdminResolver {
    constructor(private imports: CsvImportService) {}

    @Mutation()
    @Allow(...ANY_IMPORT_PERMISSION)
    importCsvDryRun(@Ctx() ctx: RequestContext, @Args() args: { kind: CsvImportKind; file: Promise<FileUpload> }) {
        return this.imports.dryRun(ctx, args.kind, args.file);
    }

    @Mutation()
    @Allow(...ANY_IMPORT_PERMISSION)
    applyCsvImport(@Ctx() ctx: RequestContext, @Args() args: { importId: ID; onlyValidRows: boolean }) {
        return this.imports.apply(ctx, args.importId, args.onlyValidRows);
    }

    @Query()
    @Allow(...ANY_IMPORT_PERMISSION)
    csvImport(@Ctx() ctx: RequestContext, @Args() args: { id: ID }) {
        return this.imports.findOne(ctx, args.id);
    }

    @Query()
    @Allow(...ANY_IMPORT_PERMISSION)
    csvImports(@Ctx() ctx: RequestContext, @Args() args: { options?: ListQueryOptions<CsvImport> }) {
        return this.imports.list(ctx, args.options);
    }
}

@Resolver('CsvImport')
export class CsvImportEntityResolver {
    @ResolveField()
    truncatedErrors(@Parent() item: CsvImport): boolean {
        return item.errorCount > (item.errors?.length ?? 0);
    }
}

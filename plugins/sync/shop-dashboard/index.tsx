import { defineDashboardExtension } from '@vendure/dashboard';
import { Trans } from '@lingui/react/macro';

import { productReplicaExtension } from './replica.graphql';
import {
    isReplica,
    ReplicaAssets,
    ReplicaFacetValues,
    ReplicaNotice,
    replicaOf,
    ReplicaOptionGroups,
    replicatedDescriptionInput,
    replicatedNameInput,
    replicatedSlugInput,
} from './replica-product';

// The shops' Dashboard (ecommerce): the product page of a product replicated from master shows master's
// fields read-only with a link to master, and saves only the shop's own fields (enabled, SEO title and
// description). Only the ecommerce build discovers this extension (ReplicaDashboardPlugin runs there).
const PAGE = 'product-detail';

defineDashboardExtension({
    detailForms: [
        {
            pageId: PAGE,
            extendDetailDocument: productReplicaExtension,
            inputs: [
                { blockId: 'main-form', field: 'name', component: replicatedNameInput },
                { blockId: 'main-form', field: 'slug', component: replicatedSlugInput },
                { blockId: 'main-form', field: 'description', component: replicatedDescriptionInput },
            ],
        },
    ],
    pageBlocks: [
        {
            id: 'replica-notice',
            location: { pageId: PAGE, column: 'main', position: { blockId: 'main-form', order: 'before' } },
            shouldRender: isReplica,
            component: ReplicaNotice,
        },
        {
            id: 'replica-facet-values',
            title: <Trans>Facet values</Trans>,
            location: { pageId: PAGE, column: 'side', position: { blockId: 'facet-values', order: 'replace' } },
            shouldRender: isReplica,
            component: ReplicaFacetValues,
        },
        {
            id: 'replica-option-groups',
            title: <Trans>Product options</Trans>,
            location: { pageId: PAGE, column: 'side', position: { blockId: 'option-groups', order: 'replace' } },
            shouldRender: context =>
                replicaOf(context.entity) ? ((context.entity as { optionGroups?: unknown[] }).optionGroups?.length ?? 0) > 0 : false,
            component: ReplicaOptionGroups,
        },
        {
            id: 'replica-assets',
            title: <Trans>Assets</Trans>,
            location: { pageId: PAGE, column: 'side', position: { blockId: 'assets', order: 'replace' } },
            shouldRender: isReplica,
            component: ReplicaAssets,
        },
    ],
});

import { ActionBarItem, Badge, Button, DashboardRouteDefinition, DetailPageButton, ListPage, usePermissions } from '@vendure/dashboard';
import { type AnyRoute, Link } from '@tanstack/react-router';
import { Trans, useLingui } from '@lingui/react/macro';
import { PlusIcon } from 'lucide-react';

import { TenantGate, Validity } from './common';
import { deletePricingRuleDocument, pricingRuleListDocument, pricingRuleProbeDocument } from './pim.graphql';
import { ROUNDINGS, RuleEffect, SCOPE_TYPES } from './pricing-common';

/** PIM → Pricing rules: how the tenant's prices derive from master prices and supplier costs. */
export const pricingRuleListRoute: DashboardRouteDefinition = {
    path: '/pricing-rules',
    navMenuItem: {
        sectionId: 'pim',
        id: 'pricing-rules',
        title: /* i18n*/ 'Pricing rules',
        url: '/pricing-rules',
        order: 300,
        requiresPermission: ['ReadPricingRule'],
    },
    loader: () => ({ breadcrumb: () => <Trans>Pricing rules</Trans> }),
    component: route => (
        <TenantGate title={/* i18n*/ 'Pricing rules'} permission="ReadPricingRule" probe={pricingRuleProbeDocument}>
            <PricingRuleListPage route={route} />
        </TenantGate>
    ),
};

function PricingRuleListPage({ route }: Readonly<{ route: AnyRoute }>) {
    const { hasPermissions } = usePermissions();
    const { i18n } = useLingui();
    return (
        <ListPage
            pageId="pricing-rule-list"
            title={<Trans>Pricing rules</Trans>}
            listQuery={pricingRuleListDocument}
            deleteMutation={hasPermissions(['DeletePricingRule']) ? deletePricingRuleDocument : undefined}
            route={route}
            defaultSort={[{ id: 'priority', desc: true }]}
            defaultColumnOrder={['name', 'scopeType', 'method', 'rounding', 'minMarginPercent', 'priority', 'validFrom', 'enabled']}
            defaultVisibility={{
                name: true,
                scopeType: true,
                method: true,
                rounding: true,
                minMarginPercent: true,
                priority: true,
                validFrom: true,
                enabled: true,
            }}
            onSearchTermChange={searchTerm => ({ name: { contains: searchTerm } })}
            customizeColumns={{
                name: {
                    header: () => <Trans>Name</Trans>,
                    cell: ({ row }) => <DetailPageButton id={row.original.id} label={row.original.name} />,
                },
                scopeType: {
                    header: () => <Trans>Applies to</Trans>,
                    meta: { dependencies: ['scopeId'] },
                    cell: ({ row }) => (
                        <span className="whitespace-nowrap">
                            {SCOPE_TYPES[row.original.scopeType] ? i18n._(SCOPE_TYPES[row.original.scopeType]) : row.original.scopeType}
                            {row.original.scopeId ? (
                                <span className="font-mono text-muted-foreground"> #{row.original.scopeId}</span>
                            ) : null}
                        </span>
                    ),
                },
                scopeId: { header: () => <Trans>Scope id</Trans> },
                method: {
                    header: () => <Trans>Price</Trans>,
                    meta: { dependencies: ['value'] },
                    cell: ({ row }) => <RuleEffect method={row.original.method} value={row.original.value} />,
                },
                value: { header: () => <Trans>Value</Trans> },
                rounding: {
                    header: () => <Trans>Rounding</Trans>,
                    cell: ({ row }) =>
                        ROUNDINGS[row.original.rounding] ? i18n._(ROUNDINGS[row.original.rounding]) : row.original.rounding,
                },
                minMarginPercent: {
                    header: () => <Trans>Min. margin</Trans>,
                    cell: ({ row }) => (row.original.minMarginPercent == null ? '—' : `${row.original.minMarginPercent} %`),
                },
                priority: { header: () => <Trans>Priority</Trans> },
                validFrom: {
                    header: () => <Trans>Valid</Trans>,
                    meta: { dependencies: ['validTo'] },
                    cell: ({ row }) => <Validity from={row.original.validFrom} to={row.original.validTo} />,
                },
                validTo: { header: () => <Trans>Valid until</Trans> },
                enabled: {
                    header: () => <Trans>Enabled</Trans>,
                    cell: ({ row }) =>
                        row.original.enabled ? (
                            <Badge variant="success">
                                <Trans>Enabled</Trans>
                            </Badge>
                        ) : (
                            <Badge variant="secondary">
                                <Trans>Disabled</Trans>
                            </Badge>
                        ),
                },
            }}
        >
            <ActionBarItem itemId="preview-button" requiresPermission={['ReadPricingRule']}>
                <Button variant="outline" render={<Link to="/price-preview" />}>
                    <Trans>Price preview</Trans>
                </Button>
            </ActionBarItem>
            <ActionBarItem itemId="create-button" requiresPermission={['CreatePricingRule']}>
                <Button render={<Link to="./new" />}>
                    <PlusIcon className="mr-2 h-4 w-4" />
                    <Trans>New pricing rule</Trans>
                </Button>
            </ActionBarItem>
        </ListPage>
    );
}

import { ActionBarItem, Badge, Button, DashboardRouteDefinition, DetailPageButton, ListPage, usePermissions } from '@vendure/dashboard';
import { type AnyRoute, Link } from '@tanstack/react-router';
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
        title: 'Pricing rules',
        url: '/pricing-rules',
        order: 300,
        requiresPermission: ['ReadPricingRule'],
    },
    loader: () => ({ breadcrumb: 'Pricing rules' }),
    component: route => (
        <TenantGate title="Pricing rules" permission="ReadPricingRule" probe={pricingRuleProbeDocument}>
            <PricingRuleListPage route={route} />
        </TenantGate>
    ),
};

function PricingRuleListPage({ route }: Readonly<{ route: AnyRoute }>) {
    const { hasPermissions } = usePermissions();
    return (
        <ListPage
            pageId="pricing-rule-list"
            title="Pricing rules"
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
                name: { header: 'Name', cell: ({ row }) => <DetailPageButton id={row.original.id} label={row.original.name} /> },
                scopeType: {
                    header: 'Applies to',
                    meta: { dependencies: ['scopeId'] },
                    cell: ({ row }) => (
                        <span className="whitespace-nowrap">
                            {SCOPE_TYPES[row.original.scopeType] ?? row.original.scopeType}
                            {row.original.scopeId ? (
                                <span className="font-mono text-muted-foreground"> #{row.original.scopeId}</span>
                            ) : null}
                        </span>
                    ),
                },
                scopeId: { header: 'Scope id' },
                method: {
                    header: 'Price',
                    meta: { dependencies: ['value'] },
                    cell: ({ row }) => <RuleEffect method={row.original.method} value={row.original.value} />,
                },
                value: { header: 'Value' },
                rounding: { header: 'Rounding', cell: ({ row }) => ROUNDINGS[row.original.rounding] ?? row.original.rounding },
                minMarginPercent: {
                    header: 'Min. margin',
                    cell: ({ row }) => (row.original.minMarginPercent == null ? '—' : `${row.original.minMarginPercent} %`),
                },
                priority: { header: 'Priority' },
                validFrom: {
                    header: 'Valid',
                    meta: { dependencies: ['validTo'] },
                    cell: ({ row }) => <Validity from={row.original.validFrom} to={row.original.validTo} />,
                },
                validTo: { header: 'Valid until' },
                enabled: {
                    header: 'Enabled',
                    cell: ({ row }) =>
                        row.original.enabled ? <Badge variant="success">Enabled</Badge> : <Badge variant="secondary">Disabled</Badge>,
                },
            }}
        >
            <ActionBarItem itemId="preview-button" requiresPermission={['ReadPricingRule']}>
                <Button variant="outline" render={<Link to="/price-preview" />}>
                    Price preview
                </Button>
            </ActionBarItem>
            <ActionBarItem itemId="create-button" requiresPermission={['CreatePricingRule']}>
                <Button render={<Link to="./new" />}>
                    <PlusIcon className="mr-2 h-4 w-4" />
                    New pricing rule
                </Button>
            </ActionBarItem>
        </ListPage>
    );
}

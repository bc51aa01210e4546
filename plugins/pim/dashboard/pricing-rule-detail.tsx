import {
    ActionBarItem,
    api,
    Button,
    ConfirmationDialog,
    DashboardRouteDefinition,
    DateTime,
    DateTimeInput,
    DetailFormGrid,
    FormFieldWrapper,
    Input,
    NumberInput,
    Page,
    PageActionBar,
    PageBlock,
    PageLayout,
    PageTitle,
    Select,
    SelectContent,
    SelectItem,
    SelectTrigger,
    SelectValue,
    Switch,
    toast,
    useChannel,
    useDetailPage,
} from '@vendure/dashboard';
import { Fields, serverMessage } from '@entrepreneur-os/platform/dashboard';
import { useMutation } from '@tanstack/react-query';
import { type AnyRoute, Link, useNavigate } from '@tanstack/react-router';
import { Trash2Icon } from 'lucide-react';
import { Trans, useLingui } from '@lingui/react/macro';
import { useEffect } from 'react';

import { NEW, pimDetailLoader, TenantGate } from './common';
import {
    createPricingRuleDocument,
    deletePricingRuleDocument,
    pricingRuleDetailDocument,
    pricingRuleProbeDocument,
    updatePricingRuleDocument,
} from './pim.graphql';
import { METHODS, ROUNDINGS, SCOPE_TYPES, SignedMoneyInput } from './pricing-common';

const pageId = 'pricing-rule-detail';

const SCOPE_ID_HINTS: Record<string, string> = {
    COLLECTION: /* i18n*/ 'The collection’s ID (in its page’s address)',
    FACET_VALUE: /* i18n*/ 'The facet value’s ID',
    PRODUCT: /* i18n*/ 'The product’s ID (in its page’s address)',
    VARIANT: /* i18n*/ 'The variant’s ID (in its page’s address)',
};

const VALUE_HINTS: Record<string, string> = {
    MARKUP_ON_COST: /* i18n*/ 'Percent on the preferred supplier cost, e.g. 80 makes 10.00 into 18.00',
    MULTIPLIER_ON_PRICE: /* i18n*/ 'Factor on the master price, e.g. 1.1 for 10 % more',
    FIXED_OFFSET: /* i18n*/ 'Added to the master price; negative lowers it',
};

/** PIM → Pricing rules → a rule (or a new one): its form. */
export const pricingRuleDetailRoute: DashboardRouteDefinition = {
    path: '/pricing-rules/$id',
    loader: pimDetailLoader({
        pageId,
        queryDocument: pricingRuleDetailDocument,
        breadcrumb: (isNew, entity) => [
            { path: '/pricing-rules', label: <Trans>Pricing rules</Trans> },
            isNew ? <Trans>New pricing rule</Trans> : entity?.name,
        ],
    }),
    component: route => (
        <TenantGate title={/* i18n*/ 'Pricing rule'} permission="ReadPricingRule" probe={pricingRuleProbeDocument}>
            <PricingRuleDetailPage route={route} />
        </TenantGate>
    ),
};

function SelectField({
    id,
    items,
    value,
    onChange,
}: Readonly<{ id: string; items: Record<string, string>; value: string; onChange: (v: string) => void }>) {
    const { i18n } = useLingui();
    const labels = Object.fromEntries(Object.entries(items).map(([key, label]) => [key, i18n._(label)]));
    return (
        <Select items={labels} value={value || null} onValueChange={v => v && onChange(v)}>
            <SelectTrigger id={id} className="w-full">
                <SelectValue />
            </SelectTrigger>
            <SelectContent>
                {Object.entries(labels).map(([key, label]) => (
                    <SelectItem key={key} value={key}>
                        {label}
                    </SelectItem>
                ))}
            </SelectContent>
        </Select>
    );
}

function PricingRuleDetailPage({ route }: Readonly<{ route: AnyRoute }>) {
    const id = route.useParams({ select: (params: { id: string }) => params.id });
    const isNew = id === NEW;
    const navigate = useNavigate();
    const { activeChannel } = useChannel();
    const { t, i18n } = useLingui();
    const scopeless = <T extends { scopeType?: string | null; scopeId?: string | null }>(input: T): T => ({
        ...input,
        // "All products" has no scope id; the others need one.
        scopeId: input.scopeType === 'ALL' ? null : input.scopeId?.trim() || null,
    });
    const { form, submitHandler, entity, isPending, resetForm } = useDetailPage({
        pageId,
        queryDocument: pricingRuleDetailDocument,
        createDocument: createPricingRuleDocument,
        updateDocument: updatePricingRuleDocument,
        setValuesForUpdate: rule => ({
            id: rule.id,
            name: rule.name,
            scopeType: rule.scopeType,
            scopeId: rule.scopeId ?? '',
            method: rule.method,
            value: rule.value,
            rounding: rule.rounding,
            minMarginPercent: rule.minMarginPercent,
            priority: rule.priority,
            validFrom: rule.validFrom,
            validTo: rule.validTo,
            enabled: rule.enabled,
        }),
        transformCreateInput: scopeless,
        transformUpdateInput: scopeless,
        params: { id },
        onSuccess: data => {
            toast.success(isNew ? t`Pricing rule created` : t`Pricing rule updated`);
            resetForm();
            if (isNew) void navigate({ to: '../$id', params: { id: data.id } });
        },
        onError: err =>
            toast.error(isNew ? t`The pricing rule was not created` : t`The pricing rule was not updated`, {
                description: serverMessage(err),
            }),
    });

    // A new rule: a markup on cost over the whole catalog, enabled, until the user says otherwise.
    useEffect(() => {
        if (!isNew) return;
        form.setValue('scopeType', 'ALL');
        form.setValue('method', 'MARKUP_ON_COST');
        form.setValue('rounding', 'NONE');
        form.setValue('priority', 0);
        form.setValue('enabled', true);
    }, [isNew, form]);

    const remove = useMutation({
        mutationFn: () => api.mutate(deletePricingRuleDocument, { id }),
        onSuccess: async () => {
            toast.success(t`Pricing rule deleted`);
            await navigate({ to: '/pricing-rules' });
        },
        onError: err => toast.error(t`The pricing rule was not deleted`, { description: serverMessage(err) }),
    });

    const [scopeType, method] = form.watch(['scopeType', 'method']);
    const currencyCode = activeChannel?.defaultCurrencyCode ?? 'USD';

    return (
        <Page pageId={pageId} form={form} submitHandler={submitHandler} entity={entity}>
            <PageTitle>{isNew ? <Trans>New pricing rule</Trans> : (entity?.name ?? '')}</PageTitle>
            <PageActionBar>
                <ActionBarItem itemId="preview-button" requiresPermission={['ReadPricingRule']}>
                    <Button type="button" variant="outline" render={<Link to="/price-preview" />}>
                        <Trans>Price preview</Trans>
                    </Button>
                </ActionBarItem>
                {!isNew ? (
                    <ActionBarItem itemId="delete-button" requiresPermission={['DeletePricingRule']}>
                        <ConfirmationDialog
                            title={t`Delete “${entity?.name}”?`}
                            description={t`Prices it produced fall back to the next rule or the master price.`}
                            confirmText={t`Delete`}
                            onConfirm={() => remove.mutate()}
                        >
                            <Button type="button" variant="outline" disabled={remove.isPending}>
                                <Trash2Icon className="mr-2 h-4 w-4" />
                                <Trans>Delete</Trans>
                            </Button>
                        </ConfirmationDialog>
                    </ActionBarItem>
                ) : null}
                <ActionBarItem itemId="save-button" requiresPermission={isNew ? ['CreatePricingRule'] : ['UpdatePricingRule']}>
                    <Button type="submit" disabled={!form.formState.isDirty || !form.formState.isValid || isPending}>
                        {isNew ? <Trans>Create</Trans> : <Trans>Update</Trans>}
                    </Button>
                </ActionBarItem>
            </PageActionBar>
            <PageLayout>
                <PageBlock column="side" blockId="enabled">
                    <FormFieldWrapper
                        control={form.control}
                        name="enabled"
                        label={<Trans>Enabled</Trans>}
                        description={<Trans>Disabled rules produce no prices</Trans>}
                        render={({ field }) => <Switch checked={!!field.value} onCheckedChange={field.onChange} />}
                    />
                </PageBlock>
                <PageBlock column="main" blockId="main-form">
                    <DetailFormGrid>
                        <FormFieldWrapper
                            control={form.control}
                            name="name"
                            label={<Trans>Name</Trans>}
                            render={({ field }) => <Input {...field} />}
                        />
                        <FormFieldWrapper
                            control={form.control}
                            name="priority"
                            label={<Trans>Priority</Trans>}
                            description={<Trans>Where several rules apply, the highest priority wins</Trans>}
                            render={({ field }) => <NumberInput {...field} value={field.value ?? 0} step={1} />}
                        />
                        <FormFieldWrapper
                            control={form.control}
                            name="scopeType"
                            label={<Trans>Applies to</Trans>}
                            renderFormControl={false}
                            render={({ field }) => (
                                <SelectField id="field-scopeType" items={SCOPE_TYPES} value={field.value ?? ''} onChange={field.onChange} />
                            )}
                        />
                        <FormFieldWrapper
                            control={form.control}
                            name="scopeId"
                            label={<Trans>Scope ID</Trans>}
                            description={
                                SCOPE_ID_HINTS[scopeType ?? ''] ? i18n._(SCOPE_ID_HINTS[scopeType ?? '']) : t`Not needed for all products`
                            }
                            render={({ field }) => <Input {...field} value={field.value ?? ''} disabled={scopeType === 'ALL'} />}
                        />
                    </DetailFormGrid>
                </PageBlock>
                <PageBlock column="main" blockId="price" title={<Trans>Price</Trans>}>
                    <DetailFormGrid>
                        <FormFieldWrapper
                            control={form.control}
                            name="method"
                            label={<Trans>Method</Trans>}
                            renderFormControl={false}
                            render={({ field }) => (
                                <SelectField id="field-method" items={METHODS} value={field.value ?? ''} onChange={field.onChange} />
                            )}
                        />
                        <FormFieldWrapper
                            control={form.control}
                            name="value"
                            label={<Trans>Value</Trans>}
                            description={VALUE_HINTS[method ?? ''] ? i18n._(VALUE_HINTS[method ?? '']) : undefined}
                            render={({ field }) =>
                                method === 'FIXED_OFFSET' ? (
                                    <SignedMoneyInput value={field.value ?? 0} onChange={field.onChange} currencyCode={currencyCode} />
                                ) : (
                                    <NumberInput
                                        {...field}
                                        value={field.value ?? 0}
                                        step={method === 'MULTIPLIER_ON_PRICE' ? 0.01 : 1}
                                        suffix={method === 'MARKUP_ON_COST' ? '%' : '×'}
                                    />
                                )
                            }
                        />
                        <FormFieldWrapper
                            control={form.control}
                            name="rounding"
                            label={<Trans>Rounding</Trans>}
                            renderFormControl={false}
                            render={({ field }) => (
                                <SelectField id="field-rounding" items={ROUNDINGS} value={field.value ?? ''} onChange={field.onChange} />
                            )}
                        />
                        <FormFieldWrapper
                            control={form.control}
                            name="minMarginPercent"
                            label={<Trans>Minimum margin</Trans>}
                            description={<Trans>Over the preferred supplier cost; empty for none. A price below it is raised to it.</Trans>}
                            render={({ field }) => <NumberInput {...field} value={field.value ?? ''} min={0} step={1} suffix="%" />}
                        />
                    </DetailFormGrid>
                </PageBlock>
                <PageBlock column="main" blockId="validity" title={<Trans>Validity</Trans>} description={<Trans>Empty: always</Trans>}>
                    <DetailFormGrid>
                        <FormFieldWrapper
                            control={form.control}
                            name="validFrom"
                            label={<Trans>Valid from</Trans>}
                            renderFormControl={false}
                            render={({ field }) => <DateTimeInput {...field} />}
                        />
                        <FormFieldWrapper
                            control={form.control}
                            name="validTo"
                            label={<Trans>Valid until</Trans>}
                            renderFormControl={false}
                            render={({ field }) => <DateTimeInput {...field} />}
                        />
                    </DetailFormGrid>
                </PageBlock>
                {entity ? (
                    <PageBlock column="side" blockId="pricing-rule-dates" title={<Trans>Record</Trans>}>
                        <Fields
                            rows={[
                                [<Trans>Created</Trans>, <DateTime value={entity.createdAt} />],
                                [<Trans>Updated</Trans>, <DateTime value={entity.updatedAt} />],
                            ]}
                        />
                    </PageBlock>
                ) : null}
            </PageLayout>
        </Page>
    );
}

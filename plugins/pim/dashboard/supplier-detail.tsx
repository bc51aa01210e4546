import {
    ActionBarItem,
    api,
    Button,
    ConfirmationDialog,
    CurrencySelector,
    DashboardRouteDefinition,
    DateTime,
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
    Textarea,
    toast,
    useChannel,
    useDetailPage,
} from '@vendure/dashboard';
import { Fields, serverMessage } from '@entrepreneur-os/platform/dashboard';
import { Trans, useLingui } from '@lingui/react/macro';
import { useMutation } from '@tanstack/react-query';
import { type AnyRoute, useNavigate } from '@tanstack/react-router';
import { Trash2Icon } from 'lucide-react';
import { useEffect, useRef } from 'react';

import { NEW, pimDetailLoader, TenantGate } from './common';
import {
    createSupplierDocument,
    deleteSupplierDocument,
    supplierDetailDocument,
    supplierProbeDocument,
    updateSupplierDocument,
} from './pim.graphql';

const pageId = 'supplier-detail';
const STATUSES = { ACTIVE: /* i18n*/ 'Active', INACTIVE: /* i18n*/ 'Inactive' };

/** PIM → Suppliers → a supplier (or a new one): its form. */
export const supplierDetailRoute: DashboardRouteDefinition = {
    path: '/suppliers/$id',
    loader: pimDetailLoader({
        pageId,
        queryDocument: supplierDetailDocument,
        breadcrumb: (isNew, entity) => [
            { path: '/suppliers', label: <Trans>Suppliers</Trans> },
            isNew ? <Trans>New supplier</Trans> : entity?.name,
        ],
    }),
    component: route => (
        <TenantGate title={/* i18n*/ 'Supplier'} permission="ReadSupplier" probe={supplierProbeDocument}>
            <SupplierDetailPage route={route} />
        </TenantGate>
    ),
};

function SupplierDetailPage({ route }: Readonly<{ route: AnyRoute }>) {
    const id = route.useParams({ select: (params: { id: string }) => params.id });
    const isNew = id === NEW;
    const navigate = useNavigate();
    const { activeChannel } = useChannel();
    const { t, i18n } = useLingui();
    const statuses = Object.fromEntries(Object.entries(STATUSES).map(([value, label]) => [value, i18n._(label)]));
    const { form, submitHandler, entity, isPending, resetForm } = useDetailPage({
        pageId,
        queryDocument: supplierDetailDocument,
        createDocument: createSupplierDocument,
        updateDocument: updateSupplierDocument,
        setValuesForUpdate: supplier => ({
            id: supplier.id,
            code: supplier.code,
            name: supplier.name,
            contactName: supplier.contactName ?? '',
            emailAddress: supplier.emailAddress ?? '',
            phoneNumber: supplier.phoneNumber ?? '',
            currencyCode: supplier.currencyCode,
            leadTimeDays: supplier.leadTimeDays,
            status: supplier.status,
            notes: supplier.notes,
        }),
        transformCreateInput: input => ({ ...input, status: input.status || 'ACTIVE', notes: input.notes ?? '' }),
        transformUpdateInput: input => ({ ...input, notes: input.notes ?? '' }),
        params: { id },
        onSuccess: data => {
            toast.success(isNew ? t`Supplier created` : t`Supplier updated`);
            resetForm();
            if (isNew) void navigate({ to: '../$id', params: { id: data.id } });
        },
        onError: err =>
            toast.error(isNew ? t`The supplier was not created` : t`The supplier was not updated`, { description: serverMessage(err) }),
    });

    // A new supplier bills in the tenant's currency and is active, unless the user says otherwise (set once).
    const defaultsSet = useRef(false);
    useEffect(() => {
        if (!isNew || !activeChannel || defaultsSet.current) return;
        defaultsSet.current = true;
        form.setValue('status', 'ACTIVE');
        form.setValue('currencyCode', activeChannel.defaultCurrencyCode);
    }, [isNew, activeChannel, form]);

    const remove = useMutation({
        mutationFn: () => api.mutate(deleteSupplierDocument, { id }),
        onSuccess: async () => {
            toast.success(t`Supplier deleted`);
            await navigate({ to: '/suppliers' });
        },
        onError: err => toast.error(t`The supplier was not deleted`, { description: serverMessage(err) }),
    });

    return (
        <Page pageId={pageId} form={form} submitHandler={submitHandler} entity={entity}>
            <PageTitle>{isNew ? <Trans>New supplier</Trans> : (entity?.name ?? '')}</PageTitle>
            <PageActionBar>
                {!isNew ? (
                    <ActionBarItem itemId="delete-button" requiresPermission={['DeleteSupplier']}>
                        <ConfirmationDialog
                            title={t`Delete ${entity?.code}?`}
                            description={t`Its supplier prices are deleted with it. A supplier with purchase orders cannot be deleted: set it inactive instead.`}
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
                <ActionBarItem itemId="save-button" requiresPermission={isNew ? ['CreateSupplier'] : ['UpdateSupplier']}>
                    <Button type="submit" disabled={!form.formState.isDirty || !form.formState.isValid || isPending}>
                        {isNew ? <Trans>Create</Trans> : <Trans>Update</Trans>}
                    </Button>
                </ActionBarItem>
            </PageActionBar>
            <PageLayout>
                <PageBlock column="main" blockId="main-form">
                    <DetailFormGrid>
                        <FormFieldWrapper
                            control={form.control}
                            name="code"
                            label={<Trans>Code</Trans>}
                            description={<Trans>Lower-case letters, digits and dashes; unique per tenant</Trans>}
                            render={({ field }) => <Input {...field} />}
                        />
                        <FormFieldWrapper
                            control={form.control}
                            name="name"
                            label={<Trans>Name</Trans>}
                            render={({ field }) => <Input {...field} />}
                        />
                        <FormFieldWrapper
                            control={form.control}
                            name="currencyCode"
                            label={<Trans>Currency</Trans>}
                            description={<Trans>The supplier's prices are in this currency</Trans>}
                            renderFormControl={false}
                            render={({ field }) => <CurrencySelector value={field.value ?? ''} onChange={field.onChange} />}
                        />
                        <FormFieldWrapper
                            control={form.control}
                            name="leadTimeDays"
                            label={<Trans>Lead time</Trans>}
                            description={<Trans>Days from order to delivery</Trans>}
                            render={({ field }) => <NumberInput {...field} min={0} max={365} step={1} suffix={t`days`} />}
                        />
                    </DetailFormGrid>
                </PageBlock>
                <PageBlock column="main" blockId="contact" title={<Trans>Contact</Trans>}>
                    <DetailFormGrid>
                        <FormFieldWrapper
                            control={form.control}
                            name="contactName"
                            label={<Trans>Contact person</Trans>}
                            render={({ field }) => <Input {...field} value={field.value ?? ''} />}
                        />
                        <FormFieldWrapper
                            control={form.control}
                            name="emailAddress"
                            label={<Trans>E-mail</Trans>}
                            render={({ field }) => <Input type="email" {...field} value={field.value ?? ''} />}
                        />
                        <FormFieldWrapper
                            control={form.control}
                            name="phoneNumber"
                            label={<Trans>Phone</Trans>}
                            render={({ field }) => <Input {...field} value={field.value ?? ''} />}
                        />
                    </DetailFormGrid>
                    <FormFieldWrapper
                        control={form.control}
                        name="notes"
                        label={<Trans>Notes</Trans>}
                        render={({ field }) => <Textarea {...field} value={field.value ?? ''} />}
                    />
                </PageBlock>
                <PageBlock column="side" blockId="status" title={<Trans>Status</Trans>}>
                    <FormFieldWrapper
                        control={form.control}
                        name="status"
                        description={<Trans>New purchase orders offer only active suppliers</Trans>}
                        renderFormControl={false}
                        render={({ field }) => (
                            <Select
                                items={statuses}
                                value={field.value ?? 'ACTIVE'}
                                onValueChange={value => value && field.onChange(value)}
                            >
                                <SelectTrigger id="field-status" className="w-full">
                                    <SelectValue />
                                </SelectTrigger>
                                <SelectContent>
                                    {Object.entries(statuses).map(([value, label]) => (
                                        <SelectItem key={value} value={value}>
                                            {label}
                                        </SelectItem>
                                    ))}
                                </SelectContent>
                            </Select>
                        )}
                    />
                </PageBlock>
                {entity ? (
                    <PageBlock column="side" blockId="supplier-dates" title={<Trans>Record</Trans>}>
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

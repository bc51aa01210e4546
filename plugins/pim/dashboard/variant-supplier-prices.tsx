import {
    api,
    Badge,
    Button,
    ConfirmationDialog,
    DashboardPageBlockDefinition,
    DateTimeInput,
    Dialog,
    DialogContent,
    DialogDescription,
    DialogFooter,
    DialogHeader,
    DialogTitle,
    FormFieldWrapper,
    MoneyInput,
    NumberInput,
    Select,
    SelectContent,
    SelectItem,
    SelectTrigger,
    SelectValue,
    Switch,
    Table,
    TableBody,
    TableCell,
    TableHead,
    TableHeader,
    TableRow,
    toast,
    useChannel,
    usePermissions,
} from '@vendure/dashboard';
import { Money, errorCode, serverMessage } from '@entrepreneur-os/platform/dashboard';
import { type ResultOf } from '@/gql';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { PencilIcon, PlusIcon, Trash2Icon } from 'lucide-react';
import { Trans, useLingui } from '@lingui/react/macro';
import { useState } from 'react';
import { useForm } from 'react-hook-form';

import { Validity } from './common';
import {
    createSupplierPriceDocument,
    deleteSupplierPriceDocument,
    supplierChoicesDocument,
    updateSupplierPriceDocument,
    variantSupplierPricesDocument,
} from './pim.graphql';

type SupplierPrice = ResultOf<typeof variantSupplierPricesDocument>['variantSupplierPrices'][number];

/** Supplier prices on Vendure's product variant page, below Stock. */
export const variantSupplierPricesBlock: DashboardPageBlockDefinition = {
    id: 'pim-supplier-prices',
    title: <Trans>Supplier prices</Trans>,
    location: { pageId: 'product-variant-detail', column: 'main', position: { blockId: 'stock', order: 'after' } },
    requiresPermission: ['ReadSupplierPrice'],
    // Not on the "new variant" form: a price needs a saved variant.
    shouldRender: context => !!(context.entity as { id?: string } | undefined)?.id,
    component: ({ context }) => <VariantSupplierPrices variantId={(context.entity as { id: string }).id} />,
};

function pricesQueryKey(variantId: string, channelId: string | undefined) {
    return ['pim-variant-supplier-prices', variantId, channelId];
}

function VariantSupplierPrices({ variantId }: Readonly<{ variantId: string }>) {
    const { activeChannel } = useChannel();
    const { hasPermissions } = usePermissions();
    const queryClient = useQueryClient();
    const { t } = useLingui();
    const [dialog, setDialog] = useState<{ price?: SupplierPrice } | undefined>();
    const { data, error, isPending } = useQuery({
        queryKey: pricesQueryKey(variantId, activeChannel?.id),
        queryFn: () => api.query(variantSupplierPricesDocument, { productVariantId: variantId }),
        retry: false,
    });
    const refresh = () => queryClient.invalidateQueries({ queryKey: pricesQueryKey(variantId, activeChannel?.id) });
    const remove = useMutation({
        mutationFn: (id: string) => api.mutate(deleteSupplierPriceDocument, { id }),
        onSuccess: () => {
            toast.success(t`Supplier price deleted`);
            return refresh();
        },
        onError: err => toast.error(t`The supplier price was not deleted`, { description: serverMessage(err) }),
    });

    if (error) {
        return (
            <p className="text-sm text-muted-foreground" data-testid="supplier-prices-unavailable">
                {errorCode(error) === 'FORBIDDEN'
                    ? t`Supplier prices are kept per tenant: switch to a tenant’s channel to see them.`
                    : serverMessage(error)}
            </p>
        );
    }
    if (isPending) return null;
    const prices = data.variantSupplierPrices;
    const canUpdate = hasPermissions(['UpdateSupplierPrice']);
    const canDelete = hasPermissions(['DeleteSupplierPrice']);

    return (
        <div className="space-y-3" data-testid="supplier-prices">
            {prices.length ? (
                <Table>
                    <TableHeader>
                        <TableRow>
                            <TableHead>
                                <Trans>Supplier</Trans>
                            </TableHead>
                            <TableHead className="text-right">
                                <Trans>Cost</Trans>
                            </TableHead>
                            <TableHead className="text-right">
                                <Trans>Min. qty</Trans>
                            </TableHead>
                            <TableHead>
                                <Trans>Valid</Trans>
                            </TableHead>
                            <TableHead />
                            {canUpdate || canDelete ? <TableHead className="w-0" /> : null}
                        </TableRow>
                    </TableHeader>
                    <TableBody>
                        {prices.map(price => (
                            <TableRow key={price.id} data-supplier-code={price.supplier.code}>
                                <TableCell>
                                    <div className="font-medium">{price.supplier.name}</div>
                                    <div className="text-xs text-muted-foreground font-mono">{price.supplier.code}</div>
                                </TableCell>
                                <TableCell className="text-right" data-testid="supplier-price-cost">
                                    <Money value={price.costPrice} currencyCode={price.currencyCode} />
                                </TableCell>
                                <TableCell className="text-right tabular-nums">{price.minOrderQuantity}</TableCell>
                                <TableCell>
                                    <Validity from={price.validFrom} to={price.validTo} />
                                </TableCell>
                                <TableCell>
                                    {price.preferred ? (
                                        <Badge variant="success">
                                            <Trans>Preferred</Trans>
                                        </Badge>
                                    ) : null}
                                </TableCell>
                                {canUpdate || canDelete ? (
                                    <TableCell className="whitespace-nowrap text-right">
                                        {canUpdate ? (
                                            <Button
                                                type="button"
                                                variant="ghost"
                                                size="icon"
                                                aria-label={t`Edit ${price.supplier.code}'s price`}
                                                onClick={() => setDialog({ price })}
                                            >
                                                <PencilIcon className="h-4 w-4" />
                                            </Button>
                                        ) : null}
                                        {canDelete ? (
                                            <ConfirmationDialog
                                                title={t`Delete ${price.supplier.name}'s price?`}
                                                description={t`The variant's other supplier prices stay.`}
                                                confirmText={t`Delete`}
                                                onConfirm={() => remove.mutate(price.id)}
                                            >
                                                <Button
                                                    type="button"
                                                    variant="ghost"
                                                    size="icon"
                                                    aria-label={t`Delete ${price.supplier.code}'s price`}
                                                    disabled={remove.isPending}
                                                >
                                                    <Trash2Icon className="h-4 w-4" />
                                                </Button>
                                            </ConfirmationDialog>
                                        ) : null}
                                    </TableCell>
                                ) : null}
                            </TableRow>
                        ))}
                    </TableBody>
                </Table>
            ) : (
                <p className="text-sm text-muted-foreground">
                    <Trans>No supplier sells this variant yet.</Trans>
                </p>
            )}
            {hasPermissions(['CreateSupplierPrice']) ? (
                <Button type="button" variant="outline" onClick={() => setDialog({})}>
                    <PlusIcon className="mr-2 h-4 w-4" />
                    <Trans>Add supplier price</Trans>
                </Button>
            ) : null}
            {dialog ? (
                <SupplierPriceDialog
                    variantId={variantId}
                    price={dialog.price}
                    onClose={() => setDialog(undefined)}
                    onSaved={async () => {
                        setDialog(undefined);
                        await refresh();
                    }}
                />
            ) : null}
        </div>
    );
}

interface SupplierPriceForm {
    supplierId: string;
    costPrice: number;
    minOrderQuantity: number;
    validFrom: string | null;
    validTo: string | null;
    preferred: boolean;
}

/** Adds a supplier price to the variant, or changes one (its supplier stays). */
function SupplierPriceDialog({
    variantId,
    price,
    onClose,
    onSaved,
}: Readonly<{ variantId: string; price?: SupplierPrice; onClose: () => void; onSaved: () => Promise<void> }>) {
    const { t } = useLingui();
    const { data: choices } = useQuery({ queryKey: ['pim-supplier-choices'], queryFn: () => api.query(supplierChoicesDocument) });
    const suppliers = (choices?.suppliers.items ?? []).filter(s => s.status === 'ACTIVE' || s.id === price?.supplier.id);
    const form = useForm<SupplierPriceForm>({
        defaultValues: {
            supplierId: price?.supplier.id ?? '',
            costPrice: price?.costPrice ?? 0,
            minOrderQuantity: price?.minOrderQuantity ?? 1,
            validFrom: price?.validFrom ?? null,
            validTo: price?.validTo ?? null,
            preferred: price?.preferred ?? false,
        },
    });
    const supplier = suppliers.find(s => s.id === form.watch('supplierId'));
    const currencyCode = price?.currencyCode ?? supplier?.currencyCode;
    const save = useMutation({
        mutationFn: async (values: SupplierPriceForm) => {
            const common = {
                costPrice: values.costPrice,
                minOrderQuantity: values.minOrderQuantity,
                validFrom: values.validFrom || null,
                validTo: values.validTo || null,
                preferred: values.preferred,
            };
            if (price) await api.mutate(updateSupplierPriceDocument, { input: { id: price.id, ...common } });
            else {
                // A supplier price is in its supplier's currency (the server insists).
                await api.mutate(createSupplierPriceDocument, {
                    input: { ...common, supplierId: values.supplierId, productVariantId: variantId, currencyCode: supplier!.currencyCode },
                });
            }
        },
        onSuccess: () => {
            toast.success(price ? t`Supplier price updated` : t`Supplier price added`);
            return onSaved();
        },
        onError: err => toast.error(t`The supplier price was not saved`, { description: serverMessage(err) }),
    });

    return (
        <Dialog open onOpenChange={open => !open && onClose()}>
            <DialogContent>
                <DialogHeader>
                    <DialogTitle>{price ? t`${price.supplier.name}'s price` : t`Add supplier price`}</DialogTitle>
                    <DialogDescription>
                        <Trans>What the supplier charges for this variant, in the supplier’s currency.</Trans>
                    </DialogDescription>
                </DialogHeader>
                <form
                    className="space-y-4"
                    onSubmit={e => {
                        // The dialog renders inside the variant page's form: keep its submit to itself.
                        e.stopPropagation();
                        void form.handleSubmit(values => save.mutate(values))(e);
                    }}
                >
                    <FormFieldWrapper
                        control={form.control}
                        name="supplierId"
                        label={
                            <Trans>
                                <Trans>Supplier</Trans>
                            </Trans>
                        }
                        rules={{ required: t`Choose a supplier` }}
                        renderFormControl={false}
                        render={({ field }) => (
                            <Select
                                items={Object.fromEntries(suppliers.map(s => [s.id, `${s.name} (${s.currencyCode})`]))}
                                value={field.value || null}
                                onValueChange={value => value && field.onChange(value)}
                                disabled={!!price}
                            >
                                <SelectTrigger id="field-supplierId" className="w-full">
                                    <SelectValue placeholder={t`Choose a supplier`} />
                                </SelectTrigger>
                                <SelectContent>
                                    {suppliers.map(s => (
                                        <SelectItem key={s.id} value={s.id}>
                                            {s.name} ({s.currencyCode})
                                        </SelectItem>
                                    ))}
                                </SelectContent>
                            </Select>
                        )}
                    />
                    <div className="grid grid-cols-2 gap-4">
                        <FormFieldWrapper
                            control={form.control}
                            name="costPrice"
                            label={
                                <Trans>
                                    <Trans>Cost</Trans>
                                </Trans>
                            }
                            render={({ field }) => <MoneyInput {...field} currency={currencyCode} />}
                        />
                        <FormFieldWrapper
                            control={form.control}
                            name="minOrderQuantity"
                            label={<Trans>Minimum order quantity</Trans>}
                            render={({ field }) => <NumberInput {...field} min={1} step={1} />}
                        />
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
                    </div>
                    <FormFieldWrapper
                        control={form.control}
                        name="preferred"
                        label={<Trans>Preferred</Trans>}
                        description={
                            <Trans>
                                The cost new purchase orders start from and markup pricing rules build on; one per variant and period
                            </Trans>
                        }
                        render={({ field }) => <Switch checked={field.value} onCheckedChange={field.onChange} />}
                    />
                    <DialogFooter>
                        <Button type="button" variant="outline" onClick={onClose}>
                            <Trans>Cancel</Trans>
                        </Button>
                        <Button type="submit" disabled={save.isPending || (!price && !supplier)}>
                            {price ? <Trans>Update</Trans> : <Trans>Add</Trans>}
                        </Button>
                    </DialogFooter>
                </form>
            </DialogContent>
        </Dialog>
    );
}

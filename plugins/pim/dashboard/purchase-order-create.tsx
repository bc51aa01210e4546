import {
    ActionBarItem,
    api,
    Button,
    DetailFormGrid,
    Field,
    FieldDescription,
    FieldLabel,
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
} from '@vendure/dashboard';
import { serverMessage } from '@entrepreneur-os/platform/dashboard';
import { Trans, useLingui } from '@lingui/react/macro';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';

import { createPurchaseOrderDocument, supplierChoicesDocument } from './pim.graphql';
import { type EditableLine, PurchaseOrderLinesEditor } from './purchase-order-lines';

/** A new purchase order (a DRAFT): a supplier and its lines; it is submitted from its page. */
export function NewPurchaseOrderPage() {
    const navigate = useNavigate();
    const { t } = useLingui();
    const { data } = useQuery({ queryKey: ['pim-supplier-choices'], queryFn: () => api.query(supplierChoicesDocument) });
    const suppliers = (data?.suppliers.items ?? []).filter(s => s.status === 'ACTIVE');
    const [supplierId, setSupplierId] = useState<string | null>(null);
    const [notes, setNotes] = useState('');
    const [lines, setLines] = useState<EditableLine[]>([]);
    const supplier = suppliers.find(s => s.id === supplierId);

    const create = useMutation({
        mutationFn: () =>
            api
                .mutate(createPurchaseOrderDocument, {
                    input: {
                        supplierId: supplierId!,
                        notes,
                        lines: lines.map(l => ({ productVariantId: l.productVariantId, quantity: l.quantity, unitCost: l.unitCost })),
                    },
                })
                .then(r => r.createPurchaseOrder),
        onSuccess: async po => {
            toast.success(t`${po.code} created as a draft`);
            await navigate({ to: '/purchase-orders/$id', params: { id: po.id } });
        },
        onError: err => toast.error(t`The purchase order was not created`, { description: serverMessage(err) }),
    });

    return (
        <Page pageId="purchase-order-create">
            <PageTitle>
                <Trans>New purchase order</Trans>
            </PageTitle>
            <PageActionBar>
                <ActionBarItem itemId="create-button" requiresPermission={['CreatePurchaseOrder']}>
                    <Button onClick={() => create.mutate()} disabled={!supplier || lines.length === 0 || create.isPending}>
                        <Trans>Create draft</Trans>
                    </Button>
                </ActionBarItem>
            </PageActionBar>
            <PageLayout>
                <PageBlock column="main" blockId="purchase-order-supplier">
                    <DetailFormGrid>
                        <Field>
                            <FieldLabel htmlFor="field-supplierId">
                                <Trans>Supplier</Trans>
                            </FieldLabel>
                            <Select
                                items={Object.fromEntries(suppliers.map(s => [s.id, `${s.name} (${s.currencyCode})`]))}
                                value={supplierId}
                                onValueChange={value => {
                                    // Unit costs are in the supplier's currency: another supplier, other costs.
                                    if (value && value !== supplierId) setLines([]);
                                    setSupplierId(value);
                                }}
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
                            <FieldDescription>
                                <Trans>Active suppliers; the order is in the supplier’s currency</Trans>
                            </FieldDescription>
                        </Field>
                        <Field>
                            <FieldLabel htmlFor="field-notes">
                                <Trans>Notes</Trans>
                            </FieldLabel>
                            <Textarea id="field-notes" value={notes} onChange={e => setNotes(e.target.value)} />
                        </Field>
                    </DetailFormGrid>
                </PageBlock>
                <PageBlock column="main" blockId="purchase-order-lines" title={<Trans>Lines</Trans>}>
                    {supplier ? (
                        <PurchaseOrderLinesEditor
                            lines={lines}
                            onChange={setLines}
                            supplierId={supplier.id}
                            currencyCode={supplier.currencyCode}
                        />
                    ) : (
                        <p className="text-sm text-muted-foreground">
                            <Trans>Choose a supplier first.</Trans>
                        </p>
                    )}
                </PageBlock>
            </PageLayout>
        </Page>
    );
}

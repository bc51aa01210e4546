import {
    ActionBarItem,
    api,
    Button,
    DashboardRouteDefinition,
    DateTime,
    DetailPageButton,
    Dialog,
    DialogContent,
    DialogDescription,
    DialogFooter,
    DialogHeader,
    DialogTitle,
    ErrorPage,
    NumberInput,
    Page,
    PageActionBar,
    PageBlock,
    PageLayout,
    PageTitle,
    Table,
    TableBody,
    TableCell,
    TableFooter,
    TableHead,
    TableHeader,
    TableRow,
    Textarea,
    toast,
    usePermissions,
} from '@vendure/dashboard';
import { Fields, Money, errorCode, serverMessage } from '@entrepreneur-os/platform/dashboard';
import { type ResultOf } from '@/gql';
import { type QueryClient, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type AnyRoute } from '@tanstack/react-router';
import { ArrowRightIcon, PackageCheckIcon, PencilIcon, SendIcon, XCircleIcon } from 'lucide-react';
import { Trans, useLingui } from '@lingui/react/macro';
import { useState } from 'react';

import { NEW, PurchaseOrderStateBadge, TenantGate } from './common';
import {
    cancelPurchaseOrderDocument,
    purchaseOrderDetailDocument,
    purchaseOrderProbeDocument,
    receivePurchaseOrderDocument,
    setPurchaseOrderLinesDocument,
    submitPurchaseOrderDocument,
} from './pim.graphql';
import { NewPurchaseOrderPage } from './purchase-order-create';
import { type EditableLine, PurchaseOrderLinesEditor } from './purchase-order-lines';

type PurchaseOrder = NonNullable<ResultOf<typeof purchaseOrderDetailDocument>['purchaseOrder']>;

function purchaseOrderQuery(id: string) {
    return queryOptions({ queryKey: ['pim-purchase-order', id], queryFn: () => api.query(purchaseOrderDetailDocument, { id }) });
}

/** PIM → Purchase orders → an order: its lines, history and state actions (or the new-order form). */
export const purchaseOrderDetailRoute: DashboardRouteDefinition = {
    path: '/purchase-orders/$id',
    loader: async ({ context, params }: { context: { queryClient: QueryClient }; params: { id: string } }) => {
        const trail = { path: '/purchase-orders', label: <Trans>Purchase orders</Trans> };
        if (params.id === NEW) return { breadcrumb: [trail, <Trans>New purchase order</Trans>] };
        try {
            const data = await context.queryClient.ensureQueryData(purchaseOrderQuery(params.id));
            if (!data.purchaseOrder) throw new Error(`Purchase order with the ID ${params.id} was not found`);
            return { breadcrumb: [trail, data.purchaseOrder.code] };
        } catch (err) {
            // Outside a tenant's channel the page explains itself (TenantGate).
            if (errorCode(err) === 'FORBIDDEN') return { breadcrumb: [trail] };
            throw err;
        }
    },
    component: route => (
        <TenantGate title={/* i18n*/ 'Purchase order'} permission="ReadPurchaseOrder" probe={purchaseOrderProbeDocument}>
            <PurchaseOrderRoute route={route} />
        </TenantGate>
    ),
};

function PurchaseOrderRoute({ route }: Readonly<{ route: AnyRoute }>) {
    const id = route.useParams({ select: (params: { id: string }) => params.id });
    return id === NEW ? <NewPurchaseOrderPage /> : <PurchaseOrderDetailPage id={id} />;
}

function PurchaseOrderDetailPage({ id }: Readonly<{ id: string }>) {
    const queryClient = useQueryClient();
    const { hasPermissions } = usePermissions();
    const { t } = useLingui();
    const { data, error } = useQuery(purchaseOrderQuery(id));
    const [dialog, setDialog] = useState<'receive' | 'cancel' | undefined>();
    const [editingLines, setEditingLines] = useState<EditableLine[] | undefined>();
    const refresh = () => queryClient.invalidateQueries({ queryKey: ['pim-purchase-order', id] });

    const submit = useMutation({
        mutationFn: () => api.mutate(submitPurchaseOrderDocument, { id }).then(r => r.submitPurchaseOrder),
        onSuccess: po => {
            toast.success(t`${po.code} submitted to the supplier`);
            return refresh();
        },
        onError: err => toast.error(t`The order was not submitted`, { description: serverMessage(err) }),
    });
    const saveLines = useMutation({
        mutationFn: (lines: EditableLine[]) =>
            api.mutate(setPurchaseOrderLinesDocument, {
                id,
                lines: lines.map(l => ({ productVariantId: l.productVariantId, quantity: l.quantity, unitCost: l.unitCost })),
            }),
        onSuccess: async () => {
            toast.success(t`Lines saved`);
            setEditingLines(undefined);
            await refresh();
        },
        onError: err => toast.error(t`The lines were not saved`, { description: serverMessage(err) }),
    });

    if (error) return <ErrorPage message={serverMessage(error)} />;
    const po = data?.purchaseOrder;
    if (!po) return null;
    const receivable = po.state === 'SUBMITTED' || po.state === 'PARTIALLY_RECEIVED';
    const cancellable = po.state === 'DRAFT' || po.state === 'SUBMITTED';

    return (
        <Page pageId="purchase-order-detail" entity={po}>
            <PageTitle>
                <span className="flex items-center gap-3">
                    <span className="font-mono">{po.code}</span>
                    <PurchaseOrderStateBadge state={po.state} />
                </span>
            </PageTitle>
            <PageActionBar>
                {cancellable ? (
                    <ActionBarItem itemId="cancel-button" requiresPermission={['UpdatePurchaseOrder']}>
                        <Button variant="outline" onClick={() => setDialog('cancel')}>
                            <XCircleIcon className="mr-2 h-4 w-4" />
                            <Trans>Cancel order</Trans>
                        </Button>
                    </ActionBarItem>
                ) : null}
                {po.state === 'DRAFT' ? (
                    <ActionBarItem itemId="submit-button" requiresPermission={['UpdatePurchaseOrder']}>
                        <Button onClick={() => submit.mutate()} disabled={submit.isPending || !!editingLines || po.lines.length === 0}>
                            <SendIcon className="mr-2 h-4 w-4" />
                            <Trans>Submit</Trans>
                        </Button>
                    </ActionBarItem>
                ) : null}
                {receivable ? (
                    <ActionBarItem itemId="receive-button" requiresPermission={['UpdatePurchaseOrder']}>
                        <Button onClick={() => setDialog('receive')}>
                            <PackageCheckIcon className="mr-2 h-4 w-4" />
                            <Trans>Receive</Trans>
                        </Button>
                    </ActionBarItem>
                ) : null}
            </PageActionBar>
            <PageLayout>
                <PageBlock column="main" blockId="purchase-order-lines" title={<Trans>Lines</Trans>}>
                    {editingLines ? (
                        <div className="space-y-3">
                            <PurchaseOrderLinesEditor
                                lines={editingLines}
                                onChange={setEditingLines}
                                supplierId={po.supplier.id}
                                currencyCode={po.currencyCode}
                            />
                            <div className="flex gap-2 justify-end">
                                <Button variant="outline" onClick={() => setEditingLines(undefined)}>
                                    <Trans>Discard changes</Trans>
                                </Button>
                                <Button
                                    onClick={() => saveLines.mutate(editingLines)}
                                    disabled={saveLines.isPending || editingLines.length === 0}
                                >
                                    <Trans>Save lines</Trans>
                                </Button>
                            </div>
                        </div>
                    ) : (
                        <div className="space-y-3">
                            <LinesTable po={po} />
                            {po.state === 'DRAFT' && hasPermissions(['UpdatePurchaseOrder']) ? (
                                <Button
                                    variant="outline"
                                    onClick={() =>
                                        setEditingLines(
                                            po.lines.map(l => ({
                                                productVariantId: l.productVariantId,
                                                sku: l.sku,
                                                name: l.productVariantName,
                                                quantity: l.quantity,
                                                unitCost: l.unitCost,
                                            })),
                                        )
                                    }
                                >
                                    <PencilIcon className="mr-2 h-4 w-4" />
                                    <Trans>Edit lines</Trans>
                                </Button>
                            ) : null}
                        </div>
                    )}
                </PageBlock>
                <PageBlock
                    column="main"
                    blockId="purchase-order-history"
                    title={<Trans>History</Trans>}
                    description={<Trans>Oldest first</Trans>}
                >
                    <Table data-testid="po-history">
                        <TableHeader>
                            <TableRow>
                                <TableHead>
                                    <Trans>When</Trans>
                                </TableHead>
                                <TableHead>
                                    <Trans>State</Trans>
                                </TableHead>
                                <TableHead>
                                    <Trans>By</Trans>
                                </TableHead>
                                <TableHead>
                                    <Trans>Note</Trans>
                                </TableHead>
                            </TableRow>
                        </TableHeader>
                        <TableBody>
                            {po.history.map(event => (
                                <TableRow key={event.id} data-to-state={event.toState}>
                                    <TableCell className="align-top">
                                        <DateTime value={event.createdAt} />
                                    </TableCell>
                                    <TableCell className="align-top">
                                        <span className="flex items-center gap-2">
                                            {event.fromState ? (
                                                <>
                                                    <PurchaseOrderStateBadge state={event.fromState} />
                                                    <ArrowRightIcon className="h-3 w-3 text-muted-foreground" />
                                                </>
                                            ) : null}
                                            <PurchaseOrderStateBadge state={event.toState} />
                                        </span>
                                    </TableCell>
                                    <TableCell className="align-top">{event.actor}</TableCell>
                                    <TableCell className="whitespace-normal break-words">{event.note}</TableCell>
                                </TableRow>
                            ))}
                        </TableBody>
                    </Table>
                </PageBlock>
                <PageBlock column="side" blockId="purchase-order-fields" title={<Trans>Order</Trans>}>
                    <Fields
                        rows={[
                            [
                                <Trans>
                                    <Trans>State</Trans>
                                </Trans>,
                                <PurchaseOrderStateBadge state={po.state} />,
                            ],
                            [
                                <Trans>Supplier</Trans>,
                                <DetailPageButton href={`/suppliers/${po.supplier.id}`} label={po.supplier.name} className="-ml-3" />,
                            ],
                            [<Trans>Lead time</Trans>, t`${po.supplier.leadTimeDays} days`],
                            [<Trans>Currency</Trans>, po.currencyCode],
                            [
                                <Trans>
                                    <Trans>Total</Trans>
                                </Trans>,
                                <Money value={po.total} currencyCode={po.currencyCode} />,
                            ],
                            [<Trans>Created</Trans>, <DateTime value={po.createdAt} />],
                            [<Trans>Updated</Trans>, <DateTime value={po.updatedAt} />],
                        ]}
                    />
                </PageBlock>
                {po.notes ? (
                    <PageBlock column="side" blockId="purchase-order-notes" title={<Trans>Notes</Trans>}>
                        <p className="text-sm whitespace-pre-wrap">{po.notes}</p>
                    </PageBlock>
                ) : null}
            </PageLayout>
            {dialog === 'receive' ? <ReceiveDialog po={po} onClose={() => setDialog(undefined)} onDone={refresh} /> : null}
            {dialog === 'cancel' ? <CancelDialog po={po} onClose={() => setDialog(undefined)} onDone={refresh} /> : null}
        </Page>
    );
}

function LinesTable({ po }: Readonly<{ po: PurchaseOrder }>) {
    return (
        <Table data-testid="po-lines">
            <TableHeader>
                <TableRow>
                    <TableHead>SKU</TableHead>
                    <TableHead>
                        <Trans>Variant</Trans>
                    </TableHead>
                    <TableHead className="text-right">
                        <Trans>Ordered</Trans>
                    </TableHead>
                    <TableHead className="text-right">
                        <Trans>Received</Trans>
                    </TableHead>
                    <TableHead className="text-right">
                        <Trans>Unit cost</Trans>
                    </TableHead>
                    <TableHead className="text-right">
                        <Trans>Line total</Trans>
                    </TableHead>
                </TableRow>
            </TableHeader>
            <TableBody>
                {po.lines.map(line => (
                    <TableRow key={line.id} data-sku={line.sku}>
                        <TableCell className="font-mono text-sm">{line.sku}</TableCell>
                        <TableCell className="whitespace-normal">{line.productVariantName}</TableCell>
                        <TableCell className="text-right tabular-nums">{line.quantity}</TableCell>
                        <TableCell
                            className={`text-right tabular-nums ${line.receivedQuantity >= line.quantity ? 'text-success' : ''}`}
                            data-testid="po-line-received"
                        >
                            {line.receivedQuantity}
                        </TableCell>
                        <TableCell className="text-right">
                            <Money value={line.unitCost} currencyCode={po.currencyCode} />
                        </TableCell>
                        <TableCell className="text-right">
                            <Money value={line.quantity * line.unitCost} currencyCode={po.currencyCode} />
                        </TableCell>
                    </TableRow>
                ))}
            </TableBody>
            <TableFooter>
                <TableRow>
                    <TableCell colSpan={5}>
                        <Trans>Total</Trans>
                    </TableCell>
                    <TableCell className="text-right font-medium" data-testid="po-total">
                        <Money value={po.total} currencyCode={po.currencyCode} />
                    </TableCell>
                </TableRow>
            </TableFooter>
        </Table>
    );
}

/**
 * Books what arrived: a quantity per open line, the open rest by default. The receipt key is made once
 * per opening of the form, so a submission the browser repeats (a retry after a lost answer) books nothing twice.
 */
function ReceiveDialog({ po, onClose, onDone }: Readonly<{ po: PurchaseOrder; onClose: () => void; onDone: () => Promise<void> }>) {
    const openLines = po.lines.filter(l => l.quantity > l.receivedQuantity);
    const { t } = useLingui();
    const [receiptKey] = useState(() => crypto.randomUUID());
    const [quantities, setQuantities] = useState<Record<string, number>>(() =>
        Object.fromEntries(openLines.map(l => [l.id, l.quantity - l.receivedQuantity])),
    );
    const receive = useMutation({
        mutationFn: () =>
            api
                .mutate(receivePurchaseOrderDocument, {
                    id: po.id,
                    receiptKey,
                    lines: openLines.filter(l => (quantities[l.id] ?? 0) > 0).map(l => ({ lineId: l.id, quantity: quantities[l.id] })),
                })
                .then(r => r.receivePurchaseOrder),
        onSuccess: async result => {
            toast.success(t`Receipt booked: ${result.code} is ${result.state.replace('_', ' ')}`);
            onClose();
            await onDone();
        },
        onError: err => toast.error(t`The receipt was not booked`, { description: serverMessage(err) }),
    });
    const nothing = openLines.every(l => !(quantities[l.id] > 0));
    return (
        <Dialog open onOpenChange={open => !open && onClose()}>
            <DialogContent className="sm:max-w-2xl">
                <DialogHeader>
                    <DialogTitle>
                        <Trans>Receive {po.code}</Trans>
                    </DialogTitle>
                    <DialogDescription>
                        <Trans>What arrived, per line. Stock goes up by these quantities.</Trans>
                    </DialogDescription>
                </DialogHeader>
                <form
                    className="space-y-4"
                    onSubmit={e => {
                        e.preventDefault();
                        receive.mutate();
                    }}
                >
                    <Table>
                        <TableHeader>
                            <TableRow>
                                <TableHead>SKU</TableHead>
                                <TableHead>
                                    <Trans>Variant</Trans>
                                </TableHead>
                                <TableHead className="text-right">
                                    <Trans>Open</Trans>
                                </TableHead>
                                <TableHead className="w-32">
                                    <Trans>Arrived</Trans>
                                </TableHead>
                            </TableRow>
                        </TableHeader>
                        <TableBody>
                            {openLines.map(line => (
                                <TableRow key={line.id} data-sku={line.sku}>
                                    <TableCell className="font-mono text-sm">{line.sku}</TableCell>
                                    <TableCell className="whitespace-normal">{line.productVariantName}</TableCell>
                                    <TableCell className="text-right tabular-nums">{line.quantity - line.receivedQuantity}</TableCell>
                                    <TableCell>
                                        <NumberInput
                                            name={`receive-${line.sku}`}
                                            aria-label={t`Arrived of ${line.sku}`}
                                            value={quantities[line.id] ?? 0}
                                            min={0}
                                            max={line.quantity - line.receivedQuantity}
                                            step={1}
                                            onChange={(value: number | null) => setQuantities(q => ({ ...q, [line.id]: value ?? 0 }))}
                                            onBlur={() => undefined}
                                            ref={() => undefined}
                                        />
                                    </TableCell>
                                </TableRow>
                            ))}
                        </TableBody>
                    </Table>
                    <DialogFooter>
                        <Button type="button" variant="outline" onClick={onClose}>
                            <Trans>Close</Trans>
                        </Button>
                        <Button type="submit" disabled={receive.isPending || nothing}>
                            <Trans>Book receipt</Trans>
                        </Button>
                    </DialogFooter>
                </form>
            </DialogContent>
        </Dialog>
    );
}

function CancelDialog({ po, onClose, onDone }: Readonly<{ po: PurchaseOrder; onClose: () => void; onDone: () => Promise<void> }>) {
    const { t } = useLingui();
    const [reason, setReason] = useState('');
    const cancel = useMutation({
        mutationFn: () =>
            api.mutate(cancelPurchaseOrderDocument, { id: po.id, reason: reason.trim() || null }).then(r => r.cancelPurchaseOrder),
        onSuccess: async result => {
            toast.success(t`${result.code} cancelled`);
            onClose();
            await onDone();
        },
        onError: err => toast.error(t`The order was not cancelled`, { description: serverMessage(err) }),
    });
    return (
        <Dialog open onOpenChange={open => !open && onClose()}>
            <DialogContent>
                <DialogHeader>
                    <DialogTitle>
                        <Trans>Cancel {po.code}?</Trans>
                    </DialogTitle>
                    <DialogDescription>
                        <Trans>A cancelled order is final: nothing more can be received on it.</Trans>
                    </DialogDescription>
                </DialogHeader>
                <form
                    className="space-y-4"
                    onSubmit={e => {
                        e.preventDefault();
                        cancel.mutate();
                    }}
                >
                    <Textarea
                        aria-label={t`Reason`}
                        placeholder={t`Reason (kept in the history)`}
                        value={reason}
                        onChange={e => setReason(e.target.value)}
                    />
                    <DialogFooter>
                        <Button type="button" variant="outline" onClick={onClose}>
                            <Trans>Keep the order</Trans>
                        </Button>
                        <Button type="submit" variant="destructive" disabled={cancel.isPending}>
                            <Trans>Cancel order</Trans>
                        </Button>
                    </DialogFooter>
                </form>
            </DialogContent>
        </Dialog>
    );
}

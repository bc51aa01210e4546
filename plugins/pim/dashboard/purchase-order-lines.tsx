import {
    api,
    Button,
    Command,
    CommandEmpty,
    CommandGroup,
    CommandInput,
    CommandItem,
    CommandList,
    MoneyInput,
    NumberInput,
    Popover,
    PopoverContent,
    PopoverTrigger,
    Table,
    TableBody,
    TableCell,
    TableFooter,
    TableHead,
    TableHeader,
    TableRow,
} from '@vendure/dashboard';
import { Money } from '@entrepreneur-os/platform/dashboard';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { PlusIcon, Trash2Icon } from 'lucide-react';
import { Trans, useLingui } from '@lingui/react/macro';
import { useEffect, useState } from 'react';

import { variantSearchDocument, variantSupplierPricesDocument } from './pim.graphql';

/** A purchase order line being edited (a new order, or a DRAFT's lines). */
export interface EditableLine {
    productVariantId: string;
    sku: string;
    name: string;
    quantity: number;
    /** Minor units of the order's (the supplier's) currency. */
    unitCost: number;
}

/**
 * The lines of a purchase order being written: variants found by SKU or name, a quantity and a unit
 * cost each. A variant's unit cost starts from the supplier's preferred price for it, if any.
 */
export function PurchaseOrderLinesEditor({
    lines,
    onChange,
    supplierId,
    currencyCode,
}: Readonly<{ lines: EditableLine[]; onChange: (lines: EditableLine[]) => void; supplierId?: string; currencyCode?: string }>) {
    const queryClient = useQueryClient();
    const { t } = useLingui();
    const update = (index: number, change: Partial<EditableLine>) => onChange(lines.map((l, i) => (i === index ? { ...l, ...change } : l)));

    async function add(variant: { id: string; sku: string; name: string }) {
        const existing = lines.findIndex(l => l.productVariantId === variant.id);
        if (existing >= 0) return update(existing, { quantity: lines[existing].quantity + 1 });
        let unitCost = 0;
        if (supplierId) {
            const { variantSupplierPrices } = await queryClient.fetchQuery({
                queryKey: ['pim-variant-supplier-prices-for-po', variant.id],
                queryFn: () => api.query(variantSupplierPricesDocument, { productVariantId: variant.id }),
            });
            // Preferred first (the server's order); only this supplier's, and only in the order's currency.
            const price = variantSupplierPrices.find(p => p.supplier.id === supplierId && p.currencyCode === currencyCode);
            unitCost = price?.costPrice ?? 0;
        }
        onChange([...lines, { productVariantId: variant.id, sku: variant.sku, name: variant.name, quantity: 1, unitCost }]);
    }

    const total = lines.reduce((sum, l) => sum + l.quantity * l.unitCost, 0);
    return (
        <div className="space-y-3">
            <Table data-testid="po-lines-editor">
                <TableHeader>
                    <TableRow>
                        <TableHead>SKU</TableHead>
                        <TableHead>
                            <Trans>Variant</Trans>
                        </TableHead>
                        <TableHead className="w-32">
                            <Trans>Quantity</Trans>
                        </TableHead>
                        <TableHead className="w-40">
                            <Trans>Unit cost</Trans>
                        </TableHead>
                        <TableHead className="text-right">
                            <Trans>Line total</Trans>
                        </TableHead>
                        <TableHead className="w-0" />
                    </TableRow>
                </TableHeader>
                <TableBody>
                    {lines.length === 0 ? (
                        <TableRow>
                            <TableCell colSpan={6} className="text-muted-foreground">
                                <Trans>No lines yet: add variants by SKU or name.</Trans>
                            </TableCell>
                        </TableRow>
                    ) : null}
                    {lines.map((line, index) => (
                        <TableRow key={line.productVariantId} data-sku={line.sku}>
                            <TableCell className="font-mono text-sm">{line.sku}</TableCell>
                            <TableCell className="whitespace-normal">{line.name}</TableCell>
                            <TableCell>
                                <NumberInput
                                    name={`quantity-${line.sku}`}
                                    aria-label={t`Quantity of ${line.sku}`}
                                    value={line.quantity}
                                    min={1}
                                    step={1}
                                    onChange={(value: number | null) => update(index, { quantity: value ?? 0 })}
                                    onBlur={() => undefined}
                                    ref={() => undefined}
                                />
                            </TableCell>
                            <TableCell data-testid="unit-cost">
                                <MoneyInput
                                    name={`unitCost-${line.sku}`}
                                    aria-label={t`Unit cost of ${line.sku}`}
                                    value={line.unitCost}
                                    currency={currencyCode}
                                    onChange={(value: number) => update(index, { unitCost: value })}
                                    onBlur={() => undefined}
                                    ref={() => undefined}
                                />
                            </TableCell>
                            <TableCell className="text-right">
                                {currencyCode ? <Money value={line.quantity * line.unitCost} currencyCode={currencyCode} /> : null}
                            </TableCell>
                            <TableCell>
                                <Button
                                    type="button"
                                    variant="ghost"
                                    size="icon"
                                    aria-label={t`Remove ${line.sku}`}
                                    onClick={() => onChange(lines.filter((_, i) => i !== index))}
                                >
                                    <Trash2Icon className="h-4 w-4" />
                                </Button>
                            </TableCell>
                        </TableRow>
                    ))}
                </TableBody>
                {lines.length && currencyCode ? (
                    <TableFooter>
                        <TableRow>
                            <TableCell colSpan={4}>
                                <Trans>Total</Trans>
                            </TableCell>
                            <TableCell className="text-right font-medium" data-testid="po-editor-total">
                                <Money value={total} currencyCode={currencyCode} />
                            </TableCell>
                            <TableCell />
                        </TableRow>
                    </TableFooter>
                ) : null}
            </Table>
            <VariantPicker onSelect={variant => void add(variant)} />
        </div>
    );
}

/** A search box over the tenant's variants by SKU or name. */
function VariantPicker({ onSelect }: Readonly<{ onSelect: (variant: { id: string; sku: string; name: string }) => void }>) {
    const { t } = useLingui();
    const [open, setOpen] = useState(false);
    const [term, setTerm] = useState('');
    const [debounced, setDebounced] = useState('');
    useEffect(() => {
        const timer = setTimeout(() => setDebounced(term.trim()), 250);
        return () => clearTimeout(timer);
    }, [term]);
    const { data, isFetching } = useQuery({
        queryKey: ['pim-variant-search', debounced],
        queryFn: () => api.query(variantSearchDocument, { term: debounced }),
        enabled: debounced.length > 0,
    });
    return (
        <Popover open={open} onOpenChange={setOpen}>
            <PopoverTrigger render={<Button type="button" variant="outline" />}>
                <PlusIcon className="mr-2 h-4 w-4" />
                <Trans>Add variant</Trans>
            </PopoverTrigger>
            <PopoverContent className="p-0 w-96" align="start">
                <Command shouldFilter={false}>
                    <CommandInput placeholder={t`Search by SKU or name…`} value={term} onValueChange={setTerm} />
                    <CommandList>
                        <CommandEmpty>{debounced && !isFetching ? t`No variant matches.` : t`Type a SKU or a name.`}</CommandEmpty>
                        <CommandGroup>
                            {(debounced ? (data?.productVariants.items ?? []) : []).map(variant => (
                                <CommandItem
                                    key={variant.id}
                                    value={variant.id}
                                    data-sku={variant.sku}
                                    onSelect={() => {
                                        onSelect(variant);
                                        setOpen(false);
                                        setTerm('');
                                    }}
                                >
                                    <div className="flex flex-col">
                                        <span className="text-sm font-medium">{variant.name}</span>
                                        <span className="text-xs text-muted-foreground font-mono">{variant.sku}</span>
                                    </div>
                                </CommandItem>
                            ))}
                        </CommandGroup>
                    </CommandList>
                </Command>
            </PopoverContent>
        </Popover>
    );
}

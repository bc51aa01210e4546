import { Input, useChannel, useLocalFormat } from '@vendure/dashboard';
import { Money } from '@entrepreneur-os/platform/dashboard';

export const SCOPE_TYPES: Record<string, string> = {
    ALL: 'All products',
    COLLECTION: 'Collection',
    FACET_VALUE: 'Facet value',
    PRODUCT: 'Product',
    VARIANT: 'Variant',
};

export const METHODS: Record<string, string> = {
    MARKUP_ON_COST: 'Markup on supplier cost',
    MULTIPLIER_ON_PRICE: 'Multiplier on master price',
    FIXED_OFFSET: 'Fixed offset on master price',
};

export const ROUNDINGS: Record<string, string> = {
    NONE: 'None',
    END_99: 'Ends in .99',
    END_95: 'Ends in .95',
    WHOLE: 'Whole units',
};

/** What a rule does, e.g. "+80 % on cost", "× 1.1 master price", "−€2.00 on master price". */
export function RuleEffect({ method, value }: Readonly<{ method: string; value: number }>) {
    const { activeChannel } = useChannel();
    if (method === 'MARKUP_ON_COST')
        return <span className="whitespace-nowrap">{`${value >= 0 ? '+' : '−'}${Math.abs(value)} % on cost`}</span>;
    if (method === 'MULTIPLIER_ON_PRICE') return <span className="whitespace-nowrap">{`× ${value} master price`}</span>;
    if (method === 'FIXED_OFFSET' && activeChannel) {
        return (
            <span className="whitespace-nowrap">
                {value >= 0 ? '+' : '−'}
                <Money value={Math.abs(value)} currencyCode={activeChannel.defaultCurrencyCode} /> on master price
            </span>
        );
    }
    return <span>{`${method} ${value}`}</span>;
}

/**
 * An amount in minor units typed in major units, negative allowed (a fixed offset can lower a price;
 * the Dashboard's MoneyInput takes only amounts ≥ 0).
 */
export function SignedMoneyInput({
    value,
    onChange,
    currencyCode,
    id,
}: Readonly<{ value: number; onChange: (value: number) => void; currencyCode: string; id?: string }>) {
    const { toMajorUnits, toMinorUnits } = useLocalFormat();
    return (
        <div className="flex items-center gap-2">
            <Input
                id={id}
                type="number"
                step="0.01"
                defaultValue={toMajorUnits(value).toFixed(2)}
                onChange={e => {
                    const major = e.target.valueAsNumber;
                    if (Number.isFinite(major)) onChange(toMinorUnits(major));
                }}
            />
            <span className="text-sm text-muted-foreground">{currencyCode}</span>
        </div>
    );
}

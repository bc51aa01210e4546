import { Input, useChannel, useLocalFormat } from '@vendure/dashboard';
import { Money } from '@entrepreneur-os/platform/dashboard';
import { Trans, useLingui } from '@lingui/react/macro';

export const SCOPE_TYPES: Record<string, string> = {
    ALL: /* i18n*/ 'All products',
    COLLECTION: /* i18n*/ 'Collection',
    FACET_VALUE: /* i18n*/ 'Facet value',
    PRODUCT: /* i18n*/ 'Product',
    VARIANT: /* i18n*/ 'Variant',
};

export const METHODS: Record<string, string> = {
    MARKUP_ON_COST: /* i18n*/ 'Markup on supplier cost',
    MULTIPLIER_ON_PRICE: /* i18n*/ 'Multiplier on master price',
    FIXED_OFFSET: /* i18n*/ 'Fixed offset on master price',
};

export const ROUNDINGS: Record<string, string> = {
    NONE: /* i18n*/ 'None',
    END_99: /* i18n*/ 'Ends in .99',
    END_95: /* i18n*/ 'Ends in .95',
    WHOLE: /* i18n*/ 'Whole units',
};

/** What a rule does, e.g. "+80 % on cost", "× 1.1 master price", "−€2.00 on master price". */
export function RuleEffect({ method, value }: Readonly<{ method: string; value: number }>) {
    const { activeChannel } = useChannel();
    const { t } = useLingui();
    if (method === 'MARKUP_ON_COST')
        return <span className="whitespace-nowrap">{t`${value >= 0 ? '+' : '−'}${Math.abs(value)} % on cost`}</span>;
    if (method === 'MULTIPLIER_ON_PRICE') return <span className="whitespace-nowrap">{t`× ${value} master price`}</span>;
    if (method === 'FIXED_OFFSET' && activeChannel) {
        return (
            <span className="whitespace-nowrap">
                {value >= 0 ? '+' : '−'}
                <Trans>
                    <Money value={Math.abs(value)} currencyCode={activeChannel.defaultCurrencyCode} /> on master price
                </Trans>
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

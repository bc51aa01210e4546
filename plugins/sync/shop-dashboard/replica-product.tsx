import {
    Alert,
    AlertDescription,
    AlertTitle,
    api,
    Badge,
    Button,
    type DashboardFormComponent,
    FacetValueChip,
    Input,
    type PageContextValue,
    RichTextInput,
    SlugInput,
    toast,
    usePage,
    VendureImage,
} from '@vendure/dashboard';
import { errorCode, serverMessage } from '@entrepreneur-os/platform/dashboard';
import { type VariablesOf } from '@/gql';
import { Trans, useLingui } from '@lingui/react/macro';
import { useQueryClient } from '@tanstack/react-query';
import { ExternalLink, Lock } from 'lucide-react';
import { useEffect, useRef } from 'react';

import { updateShopLocalProductFieldsDocument } from './replica.graphql';

/** `Product.replica` as the extended detail query returns it. */
export interface ProductReplica {
    masterProductId: string;
    masterDashboardUrl: string;
    /** Paths of the fields the shop owns, custom fields as `customFields.<name>`. */
    shopLocalFields: string[];
}

/** The page's product when it is replicated from master, else undefined (the shop's own product). */
export function replicaOf(entity: unknown): ProductReplica | undefined {
    return (entity as { replica?: ProductReplica | null } | undefined)?.replica ?? undefined;
}

type UpdateProductInput = VariablesOf<typeof updateShopLocalProductFieldsDocument>['input'];

/** The update input of a replicated product: its id and the shop's own fields from the form, nothing else. */
export function shopLocalInput(id: string, values: Record<string, unknown>, shopLocalFields: string[]): UpdateProductInput {
    const input: Record<string, unknown> = { id };
    for (const field of shopLocalFields) {
        const path = field.split('.');
        const value = path.reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], values);
        if (value === undefined) continue;
        let target = input;
        for (const key of path.slice(0, -1)) target = (target[key] ??= {}) as Record<string, unknown>;
        target[path[path.length - 1]] = value;
    }
    return input as UpdateProductInput;
}

/**
 * Above the form of a replicated product: says what master owns, links to the product in master's
 * Dashboard, and takes over the page's save. The standard form sends every field of the product
 * (translations, assets, facet values), which the server's replica guard refuses; this block's
 * submit listener runs before React's (it sits on the form, React's on the root) and sends only the
 * fields the server names as the shop's.
 */
export function ReplicaNotice({ context }: Readonly<{ context: PageContextValue }>) {
    const replica = replicaOf(context.entity);
    const anchor = useRef<HTMLDivElement>(null);
    const queryClient = useQueryClient();
    const { t } = useLingui();
    const form = context.form;
    const id = (context.entity as { id?: string } | undefined)?.id;

    useEffect(() => {
        const element = anchor.current?.closest('form');
        if (!element || !form || !replica || !id) return;
        const save = (event: SubmitEvent) => {
            event.preventDefault();
            event.stopPropagation();
            void form.handleSubmit(async values => {
                try {
                    await api.mutate(updateShopLocalProductFieldsDocument, {
                        input: shopLocalInput(id, values as Record<string, unknown>, replica.shopLocalFields),
                    });
                    toast.success(t`Saved this shop's settings of the product`);
                    form.reset(values);
                    await queryClient.invalidateQueries({ queryKey: ['DetailPage'] });
                } catch (err) {
                    toast.error(t`The product was not saved`, {
                        description: errorCode(err) === 'FORBIDDEN' ? t`You may not change products in this shop.` : serverMessage(err),
                    });
                }
            })();
        };
        element.addEventListener('submit', save);
        return () => element.removeEventListener('submit', save);
    }, [form, replica, id, queryClient, t]);

    if (!replica) return null;
    return (
        <div ref={anchor}>
            <Alert data-testid="replica-notice">
                <Lock />
                <AlertTitle>
                    <Trans>Managed in master</Trans>
                </AlertTitle>
                <AlertDescription>
                    <p>
                        <Trans>
                            This product comes from master's catalog: its name, slug, description, facet values, options, assets and
                            variants are changed there and are read-only here. This shop decides whether it sells the product and sets its
                            own SEO title and description.
                        </Trans>
                    </p>
                    <Button
                        variant="outline"
                        size="sm"
                        className="mt-2"
                        render={<a href={replica.masterDashboardUrl} target="_blank" rel="noreferrer" data-testid="replica-master-link" />}
                    >
                        <ExternalLink className="mr-2 h-4 w-4" />
                        <Trans>Open in master's Dashboard</Trans>
                    </Button>
                </AlertDescription>
            </Alert>
        </div>
    );
}

function ManagedInMaster() {
    return (
        <p className="text-xs text-muted-foreground mt-1" data-testid="managed-in-master">
            <Trans>Managed in master</Trans>
        </p>
    );
}

/**
 * A native product field (name, slug, description) that master owns: disabled for a replicated
 * product, the Dashboard's own input for the shop's own products.
 */
function replicatedField(field: string, own: DashboardFormComponent, readOnly: DashboardFormComponent): DashboardFormComponent {
    return function ReplicatedField(props) {
        const entity: unknown = usePage().entity;
        const Own = own;
        const ReadOnly = readOnly;
        if (!replicaOf(entity)) return <Own {...props} />;
        return (
            <div data-replicated-field={field}>
                <ReadOnly {...props} disabled />
                <ManagedInMaster />
            </div>
        );
    };
}

const TextInput: DashboardFormComponent = ({ value, onChange, onBlur, name, disabled }) => (
    <Input
        value={(value as string | undefined) ?? ''}
        onChange={onChange}
        onBlur={onBlur}
        name={name}
        disabled={disabled}
        readOnly={disabled}
    />
);

function ProductSlugInput(props: Parameters<DashboardFormComponent>[0]) {
    const entity: unknown = usePage().entity;
    return (
        <SlugInput
            {...props}
            entityName="Product"
            fieldName="slug"
            watchFieldName="name"
            entityId={(entity as { id?: string } | undefined)?.id}
        />
    );
}

export const replicatedNameInput = replicatedField('name', TextInput, TextInput);
export const replicatedSlugInput = replicatedField('slug', ProductSlugInput, TextInput);
export const replicatedDescriptionInput = replicatedField('description', RichTextInput, RichTextInput);

interface ProductView {
    facetValues?: Array<{ id: string; name: string; code: string; facet: { id: string; name: string; code: string } }>;
    optionGroups?: Array<{ id: string; name: string }>;
    featuredAsset?: { id: string; preview: string; name?: string } | null;
    assets?: Array<{ id: string; preview: string; name?: string }>;
}

/** The facet values of a replicated product, without a way to remove or add one. */
export function ReplicaFacetValues({ context }: Readonly<{ context: PageContextValue }>) {
    const product = context.entity as ProductView;
    return (
        <div data-testid="replica-facet-values">
            <div className="flex flex-wrap gap-1.5">
                {(product.facetValues ?? []).map(fv => (
                    <FacetValueChip key={fv.id} facetValue={fv} removable={false} />
                ))}
            </div>
            <ManagedInMaster />
        </div>
    );
}

/** The option groups of a replicated product, without a way to remove or add one. */
export function ReplicaOptionGroups({ context }: Readonly<{ context: PageContextValue }>) {
    const product = context.entity as ProductView;
    return (
        <div data-testid="replica-option-groups">
            <div className="flex flex-wrap gap-1.5">
                {(product.optionGroups ?? []).map(g => (
                    <Badge key={g.id} variant="secondary">
                        {g.name}
                    </Badge>
                ))}
            </div>
            <ManagedInMaster />
        </div>
    );
}

/** The assets of a replicated product, featured one first, without upload, removal or reordering. */
export function ReplicaAssets({ context }: Readonly<{ context: PageContextValue }>) {
    const product = context.entity as ProductView;
    const featured = product.featuredAsset;
    const others = (product.assets ?? []).filter(a => a.id !== featured?.id);
    return (
        <div data-testid="replica-assets">
            <div className="flex flex-wrap gap-2">
                {[...(featured ? [featured] : []), ...others].map((asset, i) => (
                    <VendureImage
                        key={asset.id}
                        asset={asset}
                        preset="thumb"
                        className={`rounded-md border ${i === 0 && featured ? 'h-24 w-24' : 'h-12 w-12'} object-cover`}
                    />
                ))}
            </div>
            <ManagedInMaster />
        </div>
    );
}

export const isReplica = (context: PageContextValue) => !!replicaOf(context.entity);

import {
    ActionBarItem,
    api,
    Button,
    DetailFormGrid,
    FormFieldWrapper,
    Input,
    Page,
    PageActionBar,
    PageBlock,
    PageLayout,
    PageTitle,
    toast,
} from '@vendure/dashboard';
import { serverMessage } from '@entrepreneur-os/platform/dashboard';
import { type VariablesOf } from '@/gql';
import { useMutation } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useForm } from 'react-hook-form';
import { Trans, useLingui } from '@lingui/react/macro';

import { createTenantDocument } from './tenants.graphql';

type CreateTenantInput = VariablesOf<typeof createTenantDocument>['input'];

interface NewTenantForm {
    code: string;
    name: string;
    defaultLanguageCode: string;
    currencyCode: string;
    ecommerceUrl: string;
    ecommerceCredentialsRef: string;
}

type Field = { name: keyof NewTenantForm; label: string; description?: string };

/** Records a tenant and starts its provisioning (createTenant), then opens its page. */
export function NewTenantPage() {
    const { t } = useLingui();
    const navigate = useNavigate();
    const fields: Field[] = [
        { name: 'code', label: t`Code`, description: t`a-z, 0-9 and "-"; also the channel code in master and the shop` },
        { name: 'name', label: t`Name` },
        { name: 'defaultLanguageCode', label: t`Language`, description: t`e.g. en, de` },
        { name: 'currencyCode', label: t`Currency`, description: t`ISO 4217, e.g. EUR` },
        { name: 'ecommerceUrl', label: t`Ecommerce server URL`, description: t`where the tenant’s shop is set up` },
        {
            name: 'ecommerceCredentialsRef',
            label: t`Ecommerce API key from`,
            description: t`env:VARIABLE or file:path in the data folder; the key itself is never stored`,
        },
    ];
    const form = useForm<NewTenantForm>({
        defaultValues: {
            code: '',
            name: '',
            defaultLanguageCode: 'en',
            currencyCode: 'USD',
            ecommerceUrl: '',
            ecommerceCredentialsRef: 'file:secrets/ecommerce-api-key',
        },
    });
    const create = useMutation({
        // The server validates every field and names each problem; the form only requires values.
        mutationFn: (values: NewTenantForm) =>
            api.mutate(createTenantDocument, { input: values as CreateTenantInput }).then(r => r.createTenant),
        onSuccess: async tenant => {
            toast.success(t`Tenant ${tenant.code} created; provisioning started`);
            form.reset(form.getValues());
            await navigate({ to: '../$id', params: { id: tenant.id } });
        },
        onError: err => toast.error(t`The tenant was not created`, { description: serverMessage(err) }),
    });

    return (
        <Page pageId="tenant-create" form={form} submitHandler={form.handleSubmit(values => create.mutate(values))}>
            <PageTitle>
                <Trans>New tenant</Trans>
            </PageTitle>
            <PageActionBar>
                <ActionBarItem itemId="create-button" requiresPermission={['ManageTenants']}>
                    <Button type="submit" disabled={!form.formState.isValid || create.isPending}>
                        <Trans>Create</Trans>
                    </Button>
                </ActionBarItem>
            </PageActionBar>
            <PageLayout>
                <PageBlock column="main" blockId="main-form">
                    <DetailFormGrid>
                        {fields.map(field => (
                            <FormFieldWrapper
                                key={field.name}
                                control={form.control}
                                name={field.name}
                                label={field.label}
                                description={field.description}
                                rules={{ required: t`${field.label} is required` }}
                                render={({ field: input }) => <Input {...input} />}
                            />
                        ))}
                    </DetailFormGrid>
                </PageBlock>
            </PageLayout>
        </Page>
    );
}

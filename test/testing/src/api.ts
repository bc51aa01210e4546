import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { SimpleGraphQLClient } from '@vendure/testing';
import gql from 'graphql-tag';

import { TEST_PAYMENT_METHOD_CODE } from './fixtures';

/* Typed documents for the operations the suites share. Result types cover only the selected fields. */

type Doc<R, V = Record<string, never>> = TypedDocumentNode<R, V>;
type Connection<T> = { items: T[]; totalItems: number };
type ErrorResult = { errorCode?: string; message?: string };

export const ADMIN_LOGIN: Doc<{ login: { identifier?: string } & ErrorResult }, { username: string; password: string }> = gql`
    mutation AdminLogin($username: String!, $password: String!) {
        login(username: $username, password: $password) {
            ... on CurrentUser {
                identifier
            }
            ... on ErrorResult {
                errorCode
                message
            }
        }
    }
`;

export const ADMIN_ME: Doc<{ me: { identifier: string; channels: Array<{ code: string; permissions: string[] }> } | null }> = gql`
    query AdminMe {
        me {
            identifier
            channels {
                code
                permissions
            }
        }
    }
`;

export const ADMIN_PRODUCTS: Doc<
    { products: Connection<{ id: string; name: string; variants: Array<{ sku: string; stockOnHand: number; stockAllocated: number }> }> },
    { take?: number }
> = gql`
    query AdminProducts($take: Int) {
        products(options: { take: $take }) {
            totalItems
            items {
                id
                name
                variants {
                    sku
                    stockOnHand
                    stockAllocated
                }
            }
        }
    }
`;

export const REINDEX: Doc<{ reindex: { id: string } }> = gql`
    mutation Reindex {
        reindex {
            id
        }
    }
`;

export const JOB: Doc<{ job: { id: string; state: string; queueName: string } | null }, { id: string }> = gql`
    query Job($id: ID!) {
        job(jobId: $id) {
            id
            state
            queueName
        }
    }
`;

export const SHOP_PRODUCTS: Doc<
    {
        products: Connection<{
            id: string;
            name: string;
            slug: string;
            featuredAsset: { preview: string } | null;
            variants: Array<{ id: string; sku: string; priceWithTax: number }>;
        }>;
    },
    { take?: number }
> = gql`
    query ShopProducts($take: Int) {
        products(options: { take: $take }) {
            totalItems
            items {
                id
                name
                slug
                featuredAsset {
                    preview
                }
                variants {
                    id
                    sku
                    priceWithTax
                }
            }
        }
    }
`;

export const SHOP_SEARCH: Doc<{ search: { totalItems: number; items: Array<{ productName: string; sku: string }> } }, { term: string }> =
    gql`
        query ShopSearch($term: String!) {
            search(input: { term: $term, groupByProduct: false }) {
                totalItems
                items {
                    productName
                    sku
                }
            }
        }
    `;

export const SHOP_COLLECTIONS: Doc<{ collections: Connection<{ slug: string }> }> = gql`
    query ShopCollections {
        collections {
            totalItems
            items {
                slug
            }
        }
    }
`;

const ADD_ITEM: Doc<{ addItemToOrder: { code?: string; totalQuantity?: number } & ErrorResult }, { id: string; qty: number }> = gql`
    mutation AddItem($id: ID!, $qty: Int!) {
        addItemToOrder(productVariantId: $id, quantity: $qty) {
            ... on Order {
                code
                totalQuantity
            }
            ... on ErrorResult {
                errorCode
                message
            }
        }
    }
`;

const SET_CUSTOMER: Doc<{ setCustomerForOrder: ErrorResult & { code?: string } }, { email: string }> = gql`
    mutation SetCustomer($email: String!) {
        setCustomerForOrder(input: { emailAddress: $email, firstName: "Test", lastName: "Shopper" }) {
            ... on Order {
                code
            }
            ... on ErrorResult {
                errorCode
                message
            }
        }
    }
`;

const SET_ADDRESS: Doc<{ setOrderShippingAddress: ErrorResult & { code?: string } }, { country: string }> = gql`
    mutation SetAddress($country: String!) {
        setOrderShippingAddress(
            input: { fullName: "Test Shopper", streetLine1: "1 Main Street", city: "Town", postalCode: "12345", countryCode: $country }
        ) {
            ... on Order {
                code
            }
            ... on ErrorResult {
                errorCode
                message
            }
        }
    }
`;

export const ELIGIBLE_SHIPPING: Doc<{ eligibleShippingMethods: Array<{ id: string; name: string; priceWithTax: number }> }> = gql`
    query Eligible {
        eligibleShippingMethods {
            id
            name
            priceWithTax
        }
    }
`;

const SET_SHIPPING: Doc<{ setOrderShippingMethod: ErrorResult & { code?: string } }, { id: string }> = gql`
    mutation SetShipping($id: [ID!]!) {
        setOrderShippingMethod(shippingMethodId: $id) {
            ... on Order {
                code
            }
            ... on ErrorResult {
                errorCode
                message
            }
        }
    }
`;

const TO_ARRANGING_PAYMENT: Doc<{ transitionOrderToState: ErrorResult & { state?: string } }> = gql`
    mutation ToPayment {
        transitionOrderToState(state: "ArrangingPayment") {
            ... on Order {
                state
            }
            ... on OrderStateTransitionError {
                errorCode
                message
                transitionError
            }
        }
    }
`;

export const ADD_PAYMENT: Doc<
    {
        addPaymentToOrder: ErrorResult & {
            code?: string;
            state?: string;
            totalWithTax?: number;
            shippingWithTax?: number;
            payments?: Array<{ state: string; method: string }>;
        };
    },
    { method: string }
> = gql`
    mutation Pay($method: String!) {
        addPaymentToOrder(input: { method: $method, metadata: {} }) {
            ... on Order {
                code
                state
                totalWithTax
                shippingWithTax
                payments {
                    state
                    method
                }
            }
            ... on ErrorResult {
                errorCode
                message
            }
        }
    }
`;

/** Fails with the GraphQL error result when a mutation returned one. */
export function assertNoErrorResult<T>(value: T & ErrorResult, step: string): T {
    if (value.errorCode) throw new Error(`${step} failed: ${value.errorCode} ${value.message ?? ''}`);
    return value;
}

/**
 * Checks out as a guest through the Shop API: cart → customer → address → cheapest shipping →
 * payment with the test payment method.
 */
export async function placeTestOrder(shop: SimpleGraphQLClient, lines: Array<{ variantId: string; quantity: number }>, countryCode = 'GB') {
    await shop.asAnonymousUser();
    for (const line of lines) {
        assertNoErrorResult((await shop.query(ADD_ITEM, { id: line.variantId, qty: line.quantity })).addItemToOrder, 'addItemToOrder');
    }
    assertNoErrorResult(
        (await shop.query(SET_CUSTOMER, { email: `shopper-${Date.now()}@example.com` })).setCustomerForOrder,
        'setCustomerForOrder',
    );
    assertNoErrorResult((await shop.query(SET_ADDRESS, { country: countryCode })).setOrderShippingAddress, 'setOrderShippingAddress');
    const { eligibleShippingMethods } = await shop.query(ELIGIBLE_SHIPPING);
    if (!eligibleShippingMethods.length) throw new Error(`no shipping method is eligible for ${countryCode}`);
    const cheapest = [...eligibleShippingMethods].sort((a, b) => a.priceWithTax - b.priceWithTax)[0];
    assertNoErrorResult((await shop.query(SET_SHIPPING, { id: cheapest.id })).setOrderShippingMethod, 'setOrderShippingMethod');
    assertNoErrorResult((await shop.query(TO_ARRANGING_PAYMENT)).transitionOrderToState, 'transition to ArrangingPayment');
    return assertNoErrorResult(
        (await shop.query(ADD_PAYMENT, { method: TEST_PAYMENT_METHOD_CODE })).addPaymentToOrder,
        'addPaymentToOrder',
    );
}

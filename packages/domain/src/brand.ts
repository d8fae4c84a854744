/**
 * A nominal type: a `string` that has passed a validator. Only the validator casts to it, so holding
 * a `Brand<string, 'Iban'>` proves the value was checked.
 */
export type Brand<T, Name extends string> = T & { readonly __brand: Name };

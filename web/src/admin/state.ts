import { signal } from '@preact/signals';
import type { Schemas } from './api';

/** The signed-in staff member's business (name and currency for every money display). */
export const business = signal<Schemas['BusinessView'] | null>(null);

/** The currency of the business; money is never shown without it. */
export const currency = () => business.value?.currency ?? 'EUR';

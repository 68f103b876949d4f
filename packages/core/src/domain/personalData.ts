import { z } from 'zod';

/** Metadata attached to schema fields that hold a complainant's personal data. */
export interface PersonalDataMeta {
  readonly personal: true;
  readonly kind: 'name' | 'phone' | 'email' | 'address' | 'text';
}

/**
 * Registry of schema fields that hold personal data. Stores can consult it to
 * encrypt those fields and to erase them by deleting a key.
 *
 * @example
 * personalData.get(complainantSchema.shape.phone); // { personal: true, kind: 'phone' }
 */
export const personalData = z.registry<PersonalDataMeta>();

/**
 * Paths (inside an event's `data`) that hold personal data, by event type.
 *
 * @example
 * PERSONAL_DATA_PATHS.ComplaintReceived; // ['complainant.name', 'complainant.phone', …]
 */
export const PERSONAL_DATA_PATHS: Readonly<Record<string, readonly string[]>> = {
  ComplaintReceived: ['complainant.name', 'complainant.phone', 'complainant.email', 'complainant.address'],
  ResponseSent: ['text'],
};

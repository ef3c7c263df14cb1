// API_BUSINESS_PARTNER/A_Supplier.
import type { Mapped, Vendor } from '../../../contract/unified.js';
import { bool, dateOr, extensionFields, need, NO_TIME, rawData, str } from './common.js';

/** Supplier blocks → vendor status (any block means nobody may order). */
export const SUPPLIER_BLOCK_FLAGS: readonly string[] = ['PurchasingIsBlocked', 'PostingIsBlocked'];

export const isSupplierDeleted = (raw: Record<string, unknown>): boolean => raw.DeletionIndicator === true;

export function mapSupplier(raw: unknown): { record: Mapped<Vendor>; warnings: string[] } {
  const { r, key } = need(raw, 'Supplier', 'supplier');
  const created = dateOr(r, ['CreationDate'], NO_TIME);
  return {
    record: {
      remote_id: key,
      created_at: created,
      // A_Supplier has no change time: the creation date stands in (the listing is full every time)
      updated_at: created,
      code: key,
      name: str(r, 'SupplierName') ?? key,
      status: SUPPLIER_BLOCK_FLAGS.some((f) => bool(r, f)) ? 'blocked' : 'active',
      email: null, // addresses and communication data live on the business partner (A_BusinessPartnerAddress), not read
      phone: null,
      address: null,
      custom_fields: extensionFields(r),
      remote_data: rawData(r),
    },
    warnings: [],
  };
}

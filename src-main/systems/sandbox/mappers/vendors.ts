import type { Mapped, Vendor, VendorStatus } from '../../../contract/unified.js';
import { FieldReader } from '../../kit/fields.js';
import { FALLBACKS, lookup, withShared } from '../../kit/mapping.js';
import { code, common, customFields, open } from './common.js';

export const VENDOR_STATES: Readonly<Record<string, VendorStatus>> = {
  ACTIVE: 'active',
  ON_HOLD: 'blocked', // no new orders while on hold
  BLOCKED: 'blocked',
};

const FIELDS = ['supplierCode', 'legalName', 'state', 'contact', 'address', 'createdAt', 'lastModified'] as const;

export function mapVendor(raw: unknown): { record: Mapped<Vendor>; warnings: string[] } {
  const { r, key } = open('vendors', raw);
  const warnings: string[] = [];
  const contact = new FieldReader(r.optObj('contact') ?? {}, `${r.what} contact`);
  const addr = r.optObj('address');
  let address: string | null = null;
  if (addr) {
    const a = new FieldReader(addr, `${r.what} address`);
    const cityLine = [a.optStr('region'), a.optStr('postalCode')].filter(Boolean).join(' ');
    address = [a.optStr('line1'), a.optStr('city'), cityLine, a.optStr('country')].filter(Boolean).join(', ') || null;
  }
  const record: Mapped<Vendor> = withShared(common(r, key), {
    code: key,
    name: r.str('legalName'),
    status: lookup(VENDOR_STATES, r.value('state'), code('vendors', 'state', 'status', FALLBACKS.vendorStatus), warnings),
    email: contact.optStr('email'),
    phone: contact.optStr('phone'),
    address,
    custom_fields: customFields(r.obj, FIELDS),
  });
  return { record, warnings };
}

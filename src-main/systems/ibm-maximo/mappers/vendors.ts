// MXAPIVENDOR (COMPANIES).
import type { Mapped, Vendor, VendorStatus } from '../../../contract/unified.js';
import { isObject } from '../../kit/fields.js';
import { FALLBACKS, lookup, withShared } from '../../kit/mapping.js';
import { code, common, COMMON_STANDARD, open, type ObjectStructure } from './common.js';

export const VENDORS: ObjectStructure = {
  os: 'mxapivendor', select: '*', noun: 'vendor', keys: ['company', 'orgid'],
  standard: new Set([...COMMON_STANDARD, 'company', 'companiesid', 'name', 'type', 'disabled', 'phone', 'fax', 'address1', 'address2', 'address3', 'address4', 'address5', 'homepage', 'currencycode',
    'paymentterms', 'freightterms', 'fob', 'shipvia', 'registration1', 'registration2', 'registration3', 'taxexempt', 'inclusive1', 'ecommerceenabled', 'parentcompany', 'remitaddress1', 'remitcontact', 'bankaccount']),
};

/** COMPANIES.disabled (a boolean; older exports send Y/N or 1/0). */
export const VENDOR_DISABLED: Readonly<Record<string, VendorStatus>> = { FALSE: 'active', TRUE: 'blocked', N: 'active', Y: 'blocked', 0: 'active', 1: 'blocked' };

export function mapVendor(raw: unknown): { record: Mapped<Vendor>; warnings: string[] } {
  const { r, key } = open(VENDORS.noun, VENDORS.keys, raw);
  const warnings: string[] = [];
  const d = r.value('disabled');
  const contacts = Array.isArray(r.value('companycontact')) ? (r.value('companycontact') as unknown[]).filter(isObject) : [];
  const email = contacts.map((c) => c.email).find((e): e is string => typeof e === 'string' && e !== '') ?? r.optStr('email');
  const address = [r.optStr('address1'), r.optStr('address2'), [r.optStr('address3'), r.optStr('address4')].filter(Boolean).join(' '), r.optStr('address5')]
    .filter(Boolean).join(', ') || null;
  const record: Mapped<Vendor> = withShared(common(VENDORS.standard, r, key, null), {
    code: r.str('company'),
    name: r.optStr('name') ?? r.str('company'),
    status: d === undefined || d === null ? 'active' : lookup(VENDOR_DISABLED, d, code(VENDORS.noun, 'disabled', 'status', FALLBACKS.vendorStatus), warnings),
    email,
    phone: r.optStr('phone') ?? (contacts.map((c) => c.phone).find((p): p is string => typeof p === 'string' && p !== '') ?? null),
    address,
  });
  return { record, warnings };
}

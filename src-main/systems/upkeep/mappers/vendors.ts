import type { Mapped, Vendor } from '../../../contract/unified.js';
import { common, open } from './common.js';
import { withShared } from '../../kit/mapping.js';

export function mapVendor(raw: unknown): { record: Mapped<Vendor>; warnings: string[] } {
  const { r, key } = open('vendors', raw);
  return {
    record: withShared(common(r, key), {
      code: key,
      name: r.str('businessName'),
      // UpKeep vendors have no blocked state: every vendor can be ordered from.
      status: 'active',
      email: r.optStr('email'),
      phone: r.optStr('phoneNumber'),
      address: r.optStr('address'),
    }),
    warnings: [],
  };
}

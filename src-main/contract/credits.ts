import { z } from 'zod';

export const LedgerEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  kind: z.enum(['consume', 'return']),
  connection_id: z.string(),
  amount: z.number().int(),
  balance_after: z.number().int(),
  reason: z.string(),
});
export type LedgerEntry = z.infer<typeof LedgerEntry>;

export const Credits = z.object({
  pool: z.number().int(),
  used: z.number().int(),
  available: z.number().int(),
  ledger: z.array(LedgerEntry),
});
export type Credits = z.infer<typeof Credits>;

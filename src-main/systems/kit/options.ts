// System options several systems declare alike (the Add connection screen and
// the CLI draw every declared option the same way, from its schema).
import { z } from 'zod';
import type { OptionDeclaration } from './definition.js';

/** The SAP client (MANDT) every SAP call names. */
export const SAP_CLIENT: OptionDeclaration = {
  key: 'sap_client',
  label: 'SAP client',
  description: 'The three-digit client (MANDT) the user logs on to, e.g. 100.',
  placeholder: '100',
  schema: z.string().regex(/^\d{3}$/, 'a three-digit SAP client such as 100'),
};

// Declarations several systems share: options (the Add connection screen and
// the CLI draw every declared option the same way, from its schema) and
// credential sets.
import { z } from 'zod';
import type { CredentialField, OptionDeclaration } from './definition.js';

/** A user and a password (SAP, Maximo's maxauth). */
export const USER_PASSWORD: CredentialField[] = [{ key: 'username', label: 'User', secret: false }, { key: 'password', label: 'Password', secret: true }];

/** The SAP client (MANDT) every SAP call names. */
export const SAP_CLIENT: OptionDeclaration = {
  key: 'sap_client',
  label: 'SAP client',
  description: 'The three-digit client (MANDT) the user logs on to, e.g. 100.',
  placeholder: '100',
  schema: z.string().regex(/^\d{3}$/, 'a three-digit SAP client such as 100'),
};

// Numbered migrations, applied in order at start-up, each in its own transaction.
// Append only: never edit a migration that has shipped; add the next number.
import m001 from './001-foundation.js';
import m002 from './002-records-and-sync.js';
import m003 from './003-webhooks.js';
import m004 from './004-entity-status.js';
import m005 from './005-integrators.js';
import m006 from './006-records-change-time-index.js';
import m007 from './007-records-meter-index.js';

export interface Migration { version: number; name: string; sql: string }
export const migrations: Migration[] = [m001, m002, m003, m004, m005, m006, m007];

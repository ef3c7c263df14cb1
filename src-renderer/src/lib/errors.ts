// Contract error codes in plain words, for people, not programs.
import type { ClientError } from '../client/index.js';

export interface Explained { title: string; detail: string | null }

export function explainError(err: ClientError, ctx: { systemName?: string; credentialKeys?: string[] } = {}): Explained {
  const system = ctx.systemName ?? 'The system';
  switch (err.code) {
    case 'invalid_credentials':
      return {
        title: ctx.credentialKeys?.includes('api_key') ? 'The system rejected the API key' : 'The system rejected the user or password',
        detail: err.message,
      };
    case 'unreachable': return { title: `Cannot reach ${system}`, detail: err.message };
    case 'tls_error': return { title: 'The certificate is not trusted', detail: err.message };
    case 'invalid_url': return { title: `${system} did not answer at that URL`, detail: err.message };
    case 'not_implemented': return { title: "This system's connector is not available yet", detail: err.message };
    case 'rate_limited': return { title: `${system} is busy`, detail: err.message };
    case 'system_unavailable': return { title: `${system} is unavailable`, detail: err.message };
    case 'keychain_unavailable': return { title: 'No OS keychain is reachable', detail: err.message };
    case 'insufficient_credits': return { title: 'Not enough credits', detail: err.message };
    case 'invalid_request': return { title: 'Please check the form', detail: err.message };
    case 'connection_auth_required': return { title: 'This connection needs new credentials', detail: err.message };
    case 'connection_inactive': return { title: 'This connection is inactive', detail: err.message };
    case 'unreachable_agent': return { title: 'The agent does not answer', detail: err.message };
    case 'not_found': return { title: 'It no longer exists', detail: err.message };
    case 'conflict': return { title: 'Not possible right now', detail: err.message };
    case 'wrong_passphrase': return { title: 'Wrong passphrase', detail: err.message };
    case 'invalid_backup': return { title: 'This file cannot be restored', detail: err.message };
    case 'backup_too_new': return { title: 'This backup is from a newer Millwright', detail: err.message };
    case 'unauthorized': return { title: 'The admin token was refused', detail: 'Open the address the agent printed when it started.' };
    default: return { title: 'Something went wrong', detail: err.message };
  }
}

/**
 * The message of a field error without its leading "field: " (the field's own
 * input shows it), e.g. "url: http URLs are not allowed" → "http URLs are not allowed".
 */
export function fieldMessage(err: ClientError): string {
  if (err.field && err.message.startsWith(`${err.field}: `)) return err.message.slice(err.field.length + 2);
  return err.message;
}

/** The message of a server error on `field` or on a part of it ("conditions.0" takes an error on "conditions.0.value"). */
export function errorOn(err: ClientError | null | undefined, field: string): string | undefined {
  if (!err || err.code !== 'invalid_request' || !err.field) return undefined;
  return err.field === field || err.field.startsWith(`${field}.`) ? fieldMessage(err) : undefined;
}

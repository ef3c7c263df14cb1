// The checks of a diagnosis that speak to the system itself: are the stored
// credentials accepted (`auth`, the connector's own credential probe), and is
// each entity the system declares offered to this user (`entity:<name>`, the
// same availability check a connect and every sync run). This is the only
// place the diagnosis touches a connector.
import type { EntityName } from '../contract/unified.js';
import type { Connector } from '../systems/kit/connector.js';
import { classifyDefault } from '../systems/kit/connector.js';
import type { ConnectorError } from '../systems/kit/errors.js';
import type { Probe } from './network.js';

export interface SystemChecks {
  entities: EntityName[];
  auth(): Promise<Probe>;
  entity(entity: EntityName): Promise<Probe>;
}

export function systemChecks(connector: Connector, systemName: string): SystemChecks {
  const explain = (err: unknown, what: 'auth' | EntityName): string => {
    const e = classifyDefault(err);
    return what === 'auth' ? authAdvice(e, systemName) : entityAdvice(e, systemName, what);
  };
  return {
    entities: connector.entities,
    async auth() {
      try {
        await connector.auth();
        return { ok: true, detail: `${systemName} accepted the stored credentials.` };
      } catch (err) {
        return { ok: false, detail: explain(err, 'auth') };
      }
    },
    async entity(entity) {
      try {
        const a = await connector.checkEntity(entity);
        if (a.available) return { ok: true, detail: `Available: ${systemName} lets this user read it.` };
        return { ok: false, detail: `Not available: ${a.reason ?? `${systemName} does not offer it`}.${a.action ? ` ${a.action}` : ''} The other entities sync without it.` };
      } catch (err) {
        return { ok: false, detail: explain(err, entity) };
      }
    },
  };
}

function authAdvice(e: ConnectorError, system: string): string {
  switch (e.kind) {
    case 'auth': return `${system} rejected the stored credentials (${e.message}): reconnect with the current password or API key (Reconnect on the connection page, or millwright reconnect ID).`;
    case 'not_found': return `${system} did not answer at this URL (${e.message}): check base_url — it is the system's root (scheme, host, port), e.g. https://host:44300, without a path.`;
    case 'rate_limited': return `${system} is rate limiting this agent (429)${e.extra.retryAfterSeconds ? `; it asks to wait ${e.extra.retryAfterSeconds} s` : ''}: diagnose again later.`;
    case 'unavailable': return `${system} says it is unavailable (${e.message}): it may be in maintenance; try later or ask its admin.`;
    case 'unreachable': return `The network checks passed but the request to ${system} failed (${e.message}): a firewall, load balancer or proxy in between may be cutting it.`;
    case 'tls': return `${system}'s certificate was refused (${e.message}): see the tls check.`;
    default: return `${system} failed the credential check: ${e.message}`;
  }
}

function entityAdvice(e: ConnectorError, system: string, entity: EntityName): string {
  if (e.kind === 'auth') return `Cannot read ${entity}: ${system} refused this user (${e.message}). Reconnect with the current credentials.`;
  if (e.kind === 'rate_limited' || e.kind === 'unavailable') return `Cannot read ${entity} right now (${e.message}): diagnose again later.`;
  return `Cannot read ${entity}: ${e.message}`;
}

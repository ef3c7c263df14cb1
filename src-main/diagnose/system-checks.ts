// The checks of a diagnosis that speak to the system itself: are the stored
// credentials accepted (`auth`), and can each entity the system offers be read
// (`entity:<name>`, one small read each). This is the only place the diagnosis
// touches a connector, through the Connector interface as it is today; when
// connectors declare their own entities and a per-entity availability check,
// only `offeredEntities` and `readEntity` change.
import { SYNC_ORDER } from '../sync/engine.js';
import type { EntityName } from '../contract/unified.js';
import type { Connector, ConnectorError } from '../systems/connector.js';
import type { Probe } from './network.js';

export interface SystemChecks {
  entities: EntityName[];
  auth(): Promise<Probe>;
  entity(entity: EntityName): Promise<Probe>;
}

/** The entities a diagnosis reads: every entity the sync reads from this system. */
const offeredEntities = (_connector: Connector): EntityName[] => [...SYNC_ORDER];

const readEntity = (connector: Connector, entity: EntityName) =>
  connector.listChanges({ entity, since: null, historyStart: null, cursor: null, pageSize: 1 });

export function systemChecks(connector: Connector, systemName: string): SystemChecks {
  const explain = (err: unknown, what: 'auth' | EntityName): string => {
    const e = connector.classify(err);
    return what === 'auth' ? authAdvice(e, systemName) : entityAdvice(e, systemName, what);
  };
  return {
    entities: offeredEntities(connector),
    async auth() {
      try {
        await connector.verify();
        return { ok: true, detail: `${systemName} accepted the stored credentials.` };
      } catch (err) {
        return { ok: false, detail: explain(err, 'auth') };
      }
    },
    async entity(entity) {
      try {
        const page = await readEntity(connector, entity);
        return { ok: true, detail: page.records.length ? `Readable: read ${page.records.length} record as a sample.` : 'Readable: the system has no records of it (in the sync window).' };
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
  const denied = e.kind === 'auth' || e.extra.httpStatus === 403;
  if (denied) return `Cannot read ${entity}: ${system} refused this user (${e.message}). Grant the user read access to it in ${system}, or ignore this if the plant does not use ${entity}.`;
  if (e.kind === 'not_found' || e.extra.httpStatus === 404) return `Cannot read ${entity}: ${system} does not offer it here (${e.message}). Its service may not be activated; ask the ${system} admin, or ignore this if the plant does not use ${entity}.`;
  if (e.kind === 'rate_limited' || e.kind === 'unavailable') return `Cannot read ${entity} right now (${e.message}): diagnose again later.`;
  return `Cannot read ${entity}: ${e.message}`;
}

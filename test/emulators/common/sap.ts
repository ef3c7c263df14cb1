// What both SAP emulators share: the error page the SAP ICM (or the Web
// Dispatcher in front of it) sends when no service answers — its own HTML, not
// an OData or SOAP body.
import { reasonPhrase } from './server.js';

export function sapIcmPage(sid: string, status: number): string {
  const title = status === 404 ? 'Service cannot be reached' : status === 503 ? 'Service is not available' : reasonPhrase(status);
  return `<!DOCTYPE html><html><head><title>${title}</title><META http-equiv="Content-Type" content="text/html; charset=UTF-8"></head><body>`
    + `<h1>${status} ${title}</h1><p>What has happened?</p><p>The URL was not called due to an error.</p><p class="note">Note</p>`
    + `<ul><li>Error code: ${status}</li><li>Server: ${sid.toLowerCase()}host_${sid}_00</li><li>Date: ${new Date().toUTCString()}</li></ul><p>SAP NetWeaver Application Server</p></body></html>`;
}

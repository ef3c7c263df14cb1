// What the passthrough guard lets through: the connection's mode (read_only,
// read_write, off), paths inside the system's API whatever their spelling,
// the caller's headers minus credentials and hop-by-hop ones; and how the
// system's answer comes back as data.
import { describe, expect, it } from 'vitest';
import { answerHeaders, checkMode, checkPath, forwardableHeaders, type PassthroughPolicy } from '../../src-main/passthrough/guard.js';
import { shapeAnswer } from '../../src-main/passthrough/answer.js';

const sap: PassthroughPolicy = { paths: ['/sap/opu/odata/sap/'] };
const ecc: PassthroughPolicy = { paths: ['/sap/bc/soap/rfc'], readOnlyPost: (_p, body) => (body?.toString().includes('RFC_READ_TABLE') ? null : 'not a read') };
const code = (fn: () => unknown) => { try { fn(); return 'ok'; } catch (e) { return (e as { code: string }).code; } };

describe('passthrough mode', () => {
  it('read_only lets GET and HEAD through, refuses writes and $batch in any spelling', () => {
    expect(code(() => checkMode('read_only', 'GET', '/sap/opu/odata/sap/API_X/A_Y', null, sap))).toBe('ok');
    expect(code(() => checkMode('read_only', 'HEAD', '/sap/opu/odata/sap/API_X/A_Y', null, sap))).toBe('ok');
    for (const m of ['POST', 'PUT', 'PATCH', 'MERGE', 'DELETE'] as const) expect(code(() => checkMode('read_only', m, '/sap/opu/odata/sap/API_X/A_Y', null, sap)), m).toBe('passthrough_forbidden');
    for (const p of ['/sap/opu/odata/sap/API_X/$batch', '/sap/opu/odata/sap/API_X/%24batch', '/sap/opu/odata/sap/API_X/%2524BATCH']) {
      expect(code(() => checkMode('read_only', 'GET', p, null, sap)), p).toBe('passthrough_forbidden');
      expect(code(() => checkMode('read_write', 'POST', p, null, sap)), p).toBe('ok');
    }
  });

  it('off refuses everything; read_write lets everything through', () => {
    expect(code(() => checkMode('off', 'GET', '/api/v2/assets', null, { paths: ['/api/v2/'] }))).toBe('passthrough_forbidden');
    expect(code(() => checkMode('read_write', 'DELETE', '/api/v2/assets/1', null, { paths: ['/api/v2/'] }))).toBe('ok');
  });

  it('a system may let read-only POSTs through in read_only (an RFC read over SOAP)', () => {
    expect(code(() => checkMode('read_only', 'POST', '/sap/bc/soap/rfc', Buffer.from('<urn:RFC_READ_TABLE/>'), ecc))).toBe('ok');
    expect(code(() => checkMode('read_only', 'POST', '/sap/bc/soap/rfc', Buffer.from('<urn:BAPI_PO_CREATE1/>'), ecc))).toBe('passthrough_forbidden');
  });
});

describe('passthrough path', () => {
  const maximo: PassthroughPolicy = { paths: ['/maximo/api/os/', '/maximo/oslc/'] };
  it('keeps paths inside the system\'s API; returns them without the leading slash', () => {
    expect(checkPath('/maximo/api/os/mxapiwodetail', maximo)).toBe('maximo/api/os/mxapiwodetail');
    expect(checkPath('/sap/bc/soap/rfc', ecc)).toBe('sap/bc/soap/rfc');
    expect(checkPath("/sap/opu/odata/sap/API_PRODUCT_SRV/A_Product('AB%2FC')", sap)).toBe("sap/opu/odata/sap/API_PRODUCT_SRV/A_Product('AB%2FC')");
  });

  it.each([
    ['/maximo/api/os/../../../etc/passwd', 'dot segments'],
    ['/maximo/api/os/%2e%2e/%2e%2e/admin', 'encoded dot segments'],
    ['/maximo/api/os/%252e%252e/x', 'double-encoded dot segments'],
    ['/maximo/api/os/..%2f..%2fadmin', 'encoded slashes with dots'],
    ['/maximo/api/os/x\\..\\..\\y', 'backslashes'],
    ['/maximo/api/os/x%5c..%5cy', 'encoded backslashes'],
    ['/maximo/api/os/x%00', 'a NUL byte'],
    ['https://evil.example/maximo/api/os/x', 'an absolute URL'],
    ['//evil.example/maximo/api/os/x', 'another host'],
    ['/%2F%2Fevil.example/maximo/api/os/x', 'an encoded other host'],
    ['/maximo/api/os/x?apikey=1', 'a query in the path'],
    ['/maximo/ui/login', 'outside the API'],
    ['/maximo/api/osx', 'a look-alike prefix'],
    ['maximo/api/os/x', 'no leading slash'],
    ['/maximo/api/os/x y', 'a space'],
  ])('refuses %s (%s) with 400 naming the field', (path) => {
    expect(() => checkPath(path, maximo)).toThrow(expect.objectContaining({ code: 'invalid_request', details: { field: 'path' } }));
  });
});

describe('passthrough headers', () => {
  it('drops credentials, cookies, CSRF tokens, hop-by-hop headers and those Connection names', () => {
    expect(forwardableHeaders({
      Authorization: 'Basic eA==', Cookie: 'MYSAPSSO2=1', Host: 'evil', 'X-CSRF-Token': 'Fetch', apikey: 'k', MAXAUTH: 'x', 'session-token': 's',
      Connection: 'keep-alive, X-Secret-Hop', 'X-Secret-Hop': '1', 'Transfer-Encoding': 'chunked', 'Proxy-Authorization': 'x', 'x-http-method-override': 'DELETE',
      Accept: 'application/json', 'Accept-Language': 'de', 'If-Match': 'W/"1"',
    }, { methodOverride: false })).toEqual({ accept: 'application/json', 'accept-language': 'de', 'if-match': 'W/"1"' });
    expect(forwardableHeaders({ 'x-method-override': 'PATCH', patchtype: 'MERGE' }, { methodOverride: true })).toEqual({ 'x-method-override': 'PATCH', patchtype: 'MERGE' });
  });

  it('hides the connection\'s session from the answer', () => {
    expect(answerHeaders({ 'set-cookie': ['SAP_SESSIONID=1'], 'x-csrf-token': 'abc', 'content-type': 'application/json', etag: 'W/"2"', 'content-length': '10', 'content-encoding': 'gzip' }))
      .toEqual({ 'content-type': 'application/json', etag: 'W/"2"' });
  });
});

describe('passthrough answer', () => {
  it('JSON as JSON, text as text, binary as base64, HEAD without a body; error statuses as data', () => {
    expect(shapeAnswer('GET', { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: Buffer.from('{"d":{"results":[]}}') }).body).toEqual({ d: { results: [] } });
    expect(shapeAnswer('GET', { status: 404, headers: { 'content-type': 'application/json' }, body: Buffer.from('not json') })).toMatchObject({ status: 404, body: 'not json' });
    expect(shapeAnswer('POST', { status: 500, headers: { 'content-type': 'text/xml' }, body: Buffer.from('<soap:Fault/>') })).toMatchObject({ status: 500, body: '<soap:Fault/>' });
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0x00]);
    expect(shapeAnswer('GET', { status: 200, headers: { 'content-type': 'image/png' }, body: png })).toEqual({ status: 200, headers: { 'content-type': 'image/png' }, body_base64: png.toString('base64') });
    expect(shapeAnswer('HEAD', { status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.alloc(0) })).toEqual({ status: 200, headers: { 'content-type': 'application/json' } });
  });
});

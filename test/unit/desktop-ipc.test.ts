// The desktop IPC wiring, with a fake ipcMain and fake invoke events: no
// Electron binary needed.
import { describe, expect, it, vi } from 'vitest';
import { adminOperations, type AdminOperationName } from '../../src-main/contract/admin.js';
import { withInputParsing, type AdminHandlers } from '../../src-main/admin/operations.js';
import { MillwrightError } from '../../src-main/contract/errors.js';
import { EventBus } from '../../src-main/events/bus.js';
import {
  createSenderCheck, forwardAgentEvents, registerAdminIpc, registerAppIpc, rendererUrlMatcher,
  type IpcHandler, type IpcInvokeEvent, type IpcLog,
} from '../../src-main/desktop/ipc.js';
import { adminOperationNames } from '../../src-main/desktop/operation-names.js';

const WINDOW_ID = 7;
const RENDERER = 'file:///opt/Millwright/resources/app.asar/out/renderer/index.html';
const DEV_SERVER = 'http://localhost:5173/';

function fakeIpcMain() {
  const handlers = new Map<string, IpcHandler>();
  return {
    handlers,
    handle(channel: string, handler: IpcHandler) {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`); // as Electron does
      handlers.set(channel, handler);
    },
    removeHandler(channel: string) { handlers.delete(channel); },
    async invoke(channel: string, event: IpcInvokeEvent, payload?: unknown) {
      const handler = handlers.get(channel);
      if (!handler) throw new Error(`no handler for ${channel}`);
      return handler(event, payload);
    },
  };
}

function invokeEvent(url = RENDERER, opts: { senderId?: number; parent?: unknown } = {}): IpcInvokeEvent {
  return { sender: { id: opts.senderId ?? WINDOW_ID }, senderFrame: { url, parent: opts.parent ?? null } };
}

const connection = {
  id: 'con_abc123', name: 'Plant 4 Maximo', system: 'maximo', deployment: 'on_prem', base_url: 'https://maximo.plant4.local',
  credits: 2, status: 'active', health: 'online', created_at: '2025-01-01T00:00:00.000Z', last_sync_at: null,
  user_metadata: {}, status_reason: null, status_changed_at: null, options: { sync_interval_minutes: 60, history_days: 365 },
};

/** `api` holds the operation handlers (mocks) behind the real admin edge, which parses each input once. */
function setup(opts: { devServerUrl?: string } = {}) {
  const ipcMain = fakeIpcMain();
  const api = Object.fromEntries(
    (Object.keys(adminOperations) as AdminOperationName[]).map((name) => [name, vi.fn(async () => ({ data: [] }))]),
  ) as unknown as { [K in AdminOperationName]: ReturnType<typeof vi.fn> } & AdminHandlers;
  const log = { warn: vi.fn<IpcLog['warn']>(), error: vi.fn<IpcLog['error']>() };
  const isTrustedSender = createSenderCheck({
    webContentsId: () => WINDOW_ID,
    isTrustedUrl: rendererUrlMatcher({ fileUrl: RENDERER, devServerUrl: opts.devServerUrl }),
  });
  const unregister = registerAdminIpc({ ipcMain, api: withInputParsing(api), isTrustedSender, log });
  return { ipcMain, api, log, unregister, isTrustedSender };
}

describe('desktop admin IPC', () => {
  it('registers admin:<operation> for every operation of the contract, and the preload knows the same names', () => {
    const { ipcMain } = setup();
    const names = Object.keys(adminOperations).sort();
    expect([...ipcMain.handlers.keys()].sort()).toEqual(names.map((n) => `admin:${n}`));
    expect([...adminOperationNames].sort()).toEqual(names);
  });

  it('passes a valid call to the api and returns { ok: true, value }', async () => {
    const { ipcMain, api } = setup();
    api.getConnection.mockResolvedValueOnce(connection);
    const result = await ipcMain.invoke('admin:getConnection', invokeEvent(), { id: 'con_abc123' });
    expect(result).toEqual({ ok: true, value: connection });
    expect(api.getConnection).toHaveBeenCalledTimes(1);
    expect(api.getConnection).toHaveBeenCalledWith({ id: 'con_abc123' });
    expect(() => structuredClone(result)).not.toThrow();
  });

  it('treats a missing payload as no input', async () => {
    const { ipcMain, api } = setup();
    expect(await ipcMain.invoke('admin:listConnections', invokeEvent())).toEqual({ ok: true, value: { data: [] } });
    expect(api.listConnections).toHaveBeenCalledWith({});
  });

  it('refuses a payload that fails the schema with invalid_request, without calling the api', async () => {
    const { ipcMain, api } = setup();
    const bad = await ipcMain.invoke('admin:getConnection', invokeEvent(), { id: 'not-a-connection-id' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_request', field: 'id' } });
    const extra = await ipcMain.invoke('admin:listConnections', invokeEvent(), { admin: true });
    expect(extra).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    const wrongType = await ipcMain.invoke('admin:updateConnection', invokeEvent(), { id: 'con_abc123', sync_interval_minutes: 5 });
    expect(wrongType).toMatchObject({ ok: false, error: { code: 'invalid_request', field: 'sync_interval_minutes' } });
    expect(api.getConnection).not.toHaveBeenCalled();
    expect(api.listConnections).not.toHaveBeenCalled();
    expect(api.updateConnection).not.toHaveBeenCalled();
  });

  it('parses each input once: a field with a transform (listRecords include_deleted) works over IPC, as a boolean or as text', async () => {
    const { api, ipcMain } = setup();
    api.listRecords.mockResolvedValue({ data: [], next_cursor: null });
    for (const include_deleted of [true, 'true'] as const) {
      const r = await ipcMain.invoke('admin:listRecords', invokeEvent(), { id: 'con_abc123', entity: 'vendors', include_deleted });
      expect(r).toEqual({ ok: true, value: { data: [], next_cursor: null } });
    }
    expect(api.listRecords).toHaveBeenCalledTimes(2);
    expect(api.listRecords).toHaveBeenLastCalledWith({ id: 'con_abc123', entity: 'vendors', include_deleted: true, limit: 100 });
  });

  it('refuses calls from an untrusted sender and logs them', async () => {
    const { ipcMain, api, log } = setup();
    const refused = [
      invokeEvent('https://evil.example/index.html'),
      invokeEvent('file:///tmp/evil.html'),
      invokeEvent('file:///opt/Millwright/resources/app.asar/out/renderer/index.html.evil'),
      invokeEvent('http://localhost:5173/'), // no dev server in a production build
      invokeEvent('about:blank'),
      invokeEvent('not a url'),
      invokeEvent(RENDERER, { parent: { url: RENDERER } }), // a sub-frame of our page
      invokeEvent(RENDERER, { senderId: WINDOW_ID + 1 }), // another webContents
      { sender: { id: WINDOW_ID }, senderFrame: null }, // frame gone
    ];
    for (const event of refused) {
      const result = await ipcMain.invoke('admin:revealToken', event, { id: 'con_abc123' });
      expect(result).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    }
    expect(api.revealToken).not.toHaveBeenCalled();
    expect(log.warn).toHaveBeenCalledTimes(refused.length);
  });

  it('refuses a sender whose frame throws when read (disposed)', async () => {
    const { ipcMain, api } = setup();
    const disposed = { sender: { id: WINDOW_ID }, get senderFrame(): never { throw new Error('Render frame was disposed'); } };
    expect(await ipcMain.invoke('admin:credits', disposed, {})).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(api.credits).not.toHaveBeenCalled();
  });

  it('trusts our renderer file with a query or hash, and the dev server origin when there is one', async () => {
    const { ipcMain, api } = setup({ devServerUrl: DEV_SERVER });
    for (const url of [`${RENDERER}#/connections`, `${RENDERER}?x=1`, 'http://localhost:5173/', 'http://localhost:5173/connections']) {
      expect(await ipcMain.invoke('admin:credits', invokeEvent(url), {})).toMatchObject({ ok: true });
    }
    for (const url of ['http://localhost:5174/', 'https://localhost:5173/', 'http://127.0.0.1:5173/']) {
      expect(await ipcMain.invoke('admin:credits', invokeEvent(url), {})).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    }
    expect(api.credits).toHaveBeenCalledTimes(4);
  });

  it("returns an api error as its contract code, without the HTTP request id", async () => {
    const { ipcMain, api, log } = setup();
    api.getConnection.mockRejectedValueOnce(new MillwrightError('not_found', 'No connection con_abc123.'));
    const result = await ipcMain.invoke('admin:getConnection', invokeEvent(), { id: 'con_abc123' });
    expect(result).toEqual({ ok: false, error: { code: 'not_found', message: 'No connection con_abc123.' } });
    api.reconnect.mockRejectedValueOnce(new MillwrightError('invalid_credentials', 'The system refused the credentials.', { details: { field: 'credentials.password' } }));
    const refused = await ipcMain.invoke('admin:reconnect', invokeEvent(), { id: 'con_abc123', credentials: { password: 'x' } });
    expect(refused).toEqual({ ok: false, error: { code: 'invalid_credentials', message: 'The system refused the credentials.', field: 'credentials.password' } });
    expect(log.error).not.toHaveBeenCalled(); // expected errors are not bugs
  });

  it('turns an unexpected error into internal_error, logs it and leaks nothing', async () => {
    const { ipcMain, api, log } = setup();
    api.credits.mockRejectedValueOnce(new TypeError('secret at /home/admin/.config: cannot read x of undefined'));
    const result = await ipcMain.invoke('admin:credits', invokeEvent(), {});
    expect(result).toMatchObject({ ok: false, error: { code: 'internal_error' } });
    expect(JSON.stringify(result)).not.toContain('secret');
    expect(log.error).toHaveBeenCalledTimes(1);
  });

  it('unregisters every handler', () => {
    const { ipcMain, unregister } = setup();
    unregister();
    expect(ipcMain.handlers.size).toBe(0);
  });
});

describe('desktop app IPC', () => {
  it('app:set-start-at-login takes a boolean and answers with the setting in force', async () => {
    const ipcMain = fakeIpcMain();
    const setStartAtLogin = vi.fn((enabled: boolean) => ({ enabled }));
    registerAppIpc({ ipcMain, isTrustedSender: () => true, setStartAtLogin });
    expect(await ipcMain.invoke('app:set-start-at-login', invokeEvent(), true)).toEqual({ ok: true, value: { enabled: true } });
    expect(await ipcMain.invoke('app:set-start-at-login', invokeEvent(), 'yes')).toMatchObject({ ok: false, error: { code: 'invalid_request', field: 'enabled' } });
    expect(setStartAtLogin).toHaveBeenCalledTimes(1);
  });

  it('app:set-start-at-login refuses an untrusted sender', async () => {
    const ipcMain = fakeIpcMain();
    const setStartAtLogin = vi.fn((enabled: boolean) => ({ enabled }));
    registerAppIpc({ ipcMain, isTrustedSender: () => false, setStartAtLogin });
    expect(await ipcMain.invoke('app:set-start-at-login', invokeEvent(), true)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(setStartAtLogin).not.toHaveBeenCalled();
  });

  it('forwards every agent event on agent:event until unsubscribed', () => {
    const bus = new EventBus();
    const send = vi.fn();
    const unsubscribe = forwardAgentEvents(bus, send);
    bus.emit('connection.created', { connection_id: 'con_abc123' });
    expect(send).toHaveBeenCalledWith('agent:event', expect.objectContaining({ type: 'connection.created', data: { connection_id: 'con_abc123' } }));
    unsubscribe();
    bus.emit('connection.deleted', { connection_id: 'con_abc123' });
    expect(send).toHaveBeenCalledTimes(1);
  });
});

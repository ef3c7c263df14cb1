// Files over the desktop IPC: the restore file goes in as a Uint8Array and the
// backup comes out as one, both through Electron's structured clone (simulated
// with structuredClone), with the same schema checks as the admin HTTP API.
import { describe, expect, it, vi } from 'vitest';
import { withInputParsing, type AdminHandlers } from '../../src-main/admin/operations.js';
import { registerAdminIpc, type IpcHandler } from '../../src-main/desktop/ipc.js';

/** The handlers behind the real admin edge, which parses each input once, as the desktop wires it. */
function wire(handlers: Partial<AdminHandlers>) {
  const channels = new Map<string, IpcHandler>();
  const api = withInputParsing(handlers as AdminHandlers);
  registerAdminIpc({ ipcMain: { handle: (c, h) => channels.set(c, h), removeHandler: (c) => channels.delete(c) }, api, isTrustedSender: () => true });
  // What crosses Electron's IPC is a structured clone, both ways.
  return async (channel: string, payload: unknown) => structuredClone(await channels.get(channel)!({ sender: { id: 1 }, senderFrame: { url: 'file:///x', parent: null } }, structuredClone(payload)));
}

describe('files over IPC', () => {
  it('restore takes the file as bytes; backup returns bytes with a name', async () => {
    const restore = vi.fn(async () => ({ restored: { connections: 1, webhooks: 0, flows: 0, settings: 6 }, replaced: { connections: 0, webhooks: 0, flows: 0 }, backup: { created_at: 'x', app_version: '0.1.0' }, warnings: [] }));
    const backup = vi.fn(async () => ({ filename: 'millwright-backup-2026-01-01.mwbackup', content_type: 'application/octet-stream', data: new Uint8Array([77, 87, 66]) }));
    const invoke = wire({ restore, backup });

    const file = new Uint8Array([1, 2, 3, 250]);
    expect(await invoke('admin:restore', { file, passphrase: 'a long passphrase', force: true })).toMatchObject({ ok: true });
    const input = (restore.mock.calls[0] as unknown[])[0] as { file: Uint8Array; force: boolean };
    expect(input.file).toBeInstanceOf(Uint8Array);
    expect([...input.file]).toEqual([1, 2, 3, 250]);
    expect(input.force).toBe(true);

    const out = await invoke('admin:backup', { passphrase: 'a long passphrase' }) as { ok: true; value: { data: Uint8Array; filename: string } };
    expect(out.value.data).toBeInstanceOf(Uint8Array);
    expect([...out.value.data]).toEqual([77, 87, 66]);
    expect(out.value.filename).toMatch(/\.mwbackup$/);
  });

  it('refuses a restore whose file is not bytes, before the agent sees it', async () => {
    const restore = vi.fn();
    const invoke = wire({ restore });
    expect(await invoke('admin:restore', { file: 'QUJD', passphrase: 'a long passphrase' })).toMatchObject({ ok: false, error: { code: 'invalid_request', field: 'file' } });
    expect(await invoke('admin:backup', { passphrase: 'short' })).toMatchObject({ ok: false, error: { code: 'invalid_request', field: 'passphrase' } });
    expect(restore).not.toHaveBeenCalled();
  });
});

// The desktop shell's pure parts: tray summary, notifications, CSP and the
// session lockdown, with stubbed Electron objects.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { AgentEvent } from '../../src-main/events/bus.js';
import { createEventNotifier, notificationFor } from '../../src-main/desktop/notifications.js';
import { contentSecurityPolicy, lockDownSession } from '../../src-main/desktop/security.js';
import { HEADER_ONLY_DIRECTIVES } from '../../src-main/host/csp.js';
import { statusSummary } from '../../src-main/desktop/status.js';
import { TRAY_ICON_PNG_BASE64 } from '../../src-main/desktop/icon.js';

const at = '2025-06-01T08:00:00.000Z';
const authRequired: AgentEvent = {
  id: 'evt_1', type: 'connection.auth_required', at,
  data: { connection_id: 'con_a1', system: 'maximo', message: 'Maximo refused the API key.', at },
};
const statusChanged = (from: string, to: string, reason: string | null = 'connect ECONNREFUSED'): AgentEvent => ({
  id: 'evt_2', type: 'connection.status_changed', at,
  data: { connection_id: 'con_a1', from: { status: 'active', health: from }, to: { status: 'active', health: to }, reason },
});
const names = (id: string) => (id === 'con_a1' ? 'Plant 4 Maximo' : null);

describe('tray status summary', () => {
  it('counts connections and what needs attention', () => {
    expect(statusSummary([])).toBe('No connections yet');
    expect(statusSummary([{ status: 'active', health: 'online' }])).toBe('1 connection');
    expect(statusSummary([
      { status: 'active', health: 'online' },
      { status: 'auth_required', health: 'unknown' },
      { status: 'active', health: 'offline' },
    ])).toBe('3 connections · 1 needs reconnect · 1 offline');
    expect(statusSummary([
      { status: 'auth_required', health: 'offline' },
      { status: 'auth_required', health: 'online' },
      { status: 'inactive', health: 'offline' },
    ])).toBe('3 connections · 2 need reconnect');
  });
});

describe('OS notifications', () => {
  it('announce auth_required with the connection name and the reason', () => {
    expect(notificationFor(authRequired, names)).toEqual({ title: 'Reconnect Plant 4 Maximo', body: 'Maximo refused the API key.', connectionId: 'con_a1' });
  });

  it('announce a connection going offline once, not while it stays offline', () => {
    expect(notificationFor(statusChanged('online', 'offline'), names)).toMatchObject({ title: 'Plant 4 Maximo is offline', connectionId: 'con_a1' });
    expect(notificationFor(statusChanged('unknown', 'offline', null), () => null)).toMatchObject({ title: 'con_a1 is offline' });
    expect(notificationFor(statusChanged('offline', 'offline'), names)).toBeNull();
    expect(notificationFor(statusChanged('offline', 'online'), names)).toBeNull();
    expect(notificationFor({ id: 'evt_3', type: 'connection.created', at, data: { connection_id: 'con_a1' } }, names)).toBeNull();
  });

  it('are shown only while notifications.enabled is on; a click opens the reconnect form', () => {
    let enabled = true;
    const show = vi.fn((_spec: unknown, onClick: () => void) => onClick());
    const onClick = vi.fn();
    const notify = createEventNotifier({ enabled: () => enabled, connectionName: names, show, onClick });
    notify(authRequired);
    expect(show).toHaveBeenCalledTimes(1);
    expect(onClick).toHaveBeenCalledWith('con_a1');
    enabled = false;
    notify(authRequired);
    notify(statusChanged('online', 'offline'));
    expect(show).toHaveBeenCalledTimes(1);
  });
});

describe('renderer security', () => {
  it('index.html carries the strict CSP the session sets, without the directives a <meta> tag cannot carry', () => {
    const html = fs.readFileSync(path.join(import.meta.dirname, '../../src-renderer/index.html'), 'utf8');
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html);
    expect(meta?.[1]).toBe(contentSecurityPolicy({ delivery: 'meta' }));
    for (const d of HEADER_ONLY_DIRECTIVES) expect(meta?.[1]).not.toContain(d);
    expect(contentSecurityPolicy()).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    );
  });

  it('relaxes only script-src and connect-src for the dev server', () => {
    const dev = contentSecurityPolicy({ devServerUrl: 'http://localhost:5173/' });
    expect(dev).toContain("script-src 'self' 'unsafe-inline'");
    expect(dev).toContain("connect-src 'self' ws://localhost:5173");
    expect(dev).toContain("object-src 'none'");
  });

  it('the session adds the CSP to every response (replacing any other) and refuses every permission', () => {
    let onHeaders: ((details: { responseHeaders?: Record<string, string[]> }, cb: (r: unknown) => void) => void) | undefined;
    let onPermission: ((wc: unknown, permission: string, cb: (granted: boolean) => void) => void) | undefined;
    let onCheck: (() => boolean) | undefined;
    const session = {
      webRequest: { onHeadersReceived: (listener: typeof onHeaders) => { onHeaders = listener; } },
      setPermissionRequestHandler: (h: typeof onPermission) => { onPermission = h; },
      setPermissionCheckHandler: (h: typeof onCheck) => { onCheck = h; },
    };
    lockDownSession(session as unknown as Parameters<typeof lockDownSession>[0], 'default-src \'self\'');
    const cb = vi.fn();
    onHeaders!({ responseHeaders: { 'content-security-policy': ['default-src *'], 'Content-Type': ['text/html'] } }, cb);
    expect(cb).toHaveBeenCalledWith({ responseHeaders: { 'Content-Type': ['text/html'], 'Content-Security-Policy': ["default-src 'self'"] } });
    const granted = vi.fn();
    onPermission!({}, 'media', granted);
    expect(granted).toHaveBeenCalledWith(false);
    expect(onCheck!()).toBe(false);
  });

  it('the tray icon is a PNG', () => {
    expect(Buffer.from(TRAY_ICON_PNG_BASE64, 'base64').subarray(1, 4).toString()).toBe('PNG');
  });
});

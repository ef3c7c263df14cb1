// The IPC boundary of the desktop shell. Handlers are generated from the
// contract's admin operations table, so IPC cannot drift from admin HTTP or the
// CLI. Every call is checked before it reaches the Agent: the sender must be our
// window's main frame showing our renderer (a stray frame or a page navigated
// elsewhere gets nothing). The payload then goes to the admin API, which parses
// it with the operation's schema, once, as for the admin HTTP API. Results cross
// as `{ ok, value | error }` because Electron reduces a thrown error to a string
// with a prefix and a stack.
//
// Nothing here imports electron: ipcMain, the api and the sender check are
// passed in, so the wiring is unit-tested without an Electron binary.
import { z } from 'zod';
import { adminOperationNames, type AdminOperationName } from '../contract/admin-routes.js';
import type { AdminApi } from '../contract/admin.js';
import { MillwrightError, parseOrFail, toErrorBody } from '../contract/errors.js';
import type { AgentEvent } from '../events/bus.js';
import type { IpcError, IpcResult } from './bridge-types.js';
import { AGENT_EVENT_CHANNEL, adminChannel, SET_START_AT_LOGIN_CHANNEL } from './channels.js';

/** The part of Electron's WebFrameMain the sender check reads. */
export interface IpcSenderFrame {
  readonly url: string;
  readonly parent: unknown;
}
/** The part of Electron's IpcMainInvokeEvent the handlers read. */
export interface IpcInvokeEvent {
  readonly sender: { readonly id: number };
  readonly senderFrame: IpcSenderFrame | null;
}
export type IpcHandler = (event: IpcInvokeEvent, ...args: unknown[]) => unknown;
/** Electron's `ipcMain` satisfies this. */
export interface IpcMainLike {
  handle(channel: string, handler: IpcHandler): void;
  removeHandler(channel: string): void;
}
/** pino's Logger satisfies this. */
export interface IpcLog {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}
export type SenderCheck = (event: IpcInvokeEvent) => boolean;

export interface IpcDeps {
  ipcMain: IpcMainLike;
  isTrustedSender: SenderCheck;
  log?: IpcLog;
}

// ---------------------------------------------------------------- sender check

/**
 * Which renderer URLs are ours: the built `index.html` (exact file URL; query and
 * hash ignored) and, in development, anything on the dev server's origin.
 */
export function rendererUrlMatcher(opts: { fileUrl?: string; devServerUrl?: string }): (url: string) => boolean {
  const file = opts.fileUrl ? stripQueryAndHash(new URL(opts.fileUrl)) : null;
  const devOrigin = opts.devServerUrl ? new URL(opts.devServerUrl).origin : null;
  return (url) => {
    let u: URL;
    try { u = new URL(url); } catch { return false; }
    if (u.protocol === 'file:') return file !== null && stripQueryAndHash(u) === file;
    if (u.protocol === 'http:' || u.protocol === 'https:') return devOrigin !== null && u.origin === devOrigin;
    return false;
  };
}

const stripQueryAndHash = (u: URL) => `${u.protocol}//${u.host}${u.pathname}`;

/**
 * Like GitHub Desktop's trusted-ipc-sender: only the main frame of our own
 * window, and only while it shows our renderer. `webContentsId` is read at call
 * time because the window may be created after the handlers.
 */
export function createSenderCheck(opts: { webContentsId: () => number | undefined; isTrustedUrl: (url: string) => boolean }): SenderCheck {
  return (event) => {
    try {
      const frame = event.senderFrame;
      if (!frame || frame.parent !== null) return false; // gone, or a sub-frame
      const id = opts.webContentsId();
      if (id === undefined || event.sender.id !== id) return false;
      return opts.isTrustedUrl(frame.url);
    } catch {
      return false; // Electron throws when a disposed frame is read
    }
  };
}

// --------------------------------------------------------------------- results

export const okResult = <T>(value: T): IpcResult<T> => ({ ok: true, value });

/** The contract's error body, minus the HTTP-only request id, safe to structured-clone. */
export function errorResult(err: unknown): { ok: false; error: IpcError } {
  const { request_id: _requestId, ...error } = toErrorBody(err).body.error;
  return { ok: false, error: JSON.parse(JSON.stringify(error)) as IpcError };
}

const untrusted = () => new MillwrightError('unauthorized', 'Refused: this call did not come from the Millwright window.');

function senderUrl(event: IpcInvokeEvent): string | null {
  try { return event.senderFrame?.url ?? null; } catch { return null; }
}

/**
 * Registers one invoke handler: sender check, parse, run, and a result whatever
 * happens. Only MillwrightErrors carry their message; anything else is logged
 * and crosses as `internal_error`.
 */
export function handleTrusted<T, R>(
  deps: IpcDeps,
  channel: string,
  parse: (payload: unknown) => T,
  run: (input: T) => R | Promise<R>,
): void {
  deps.ipcMain.handle(channel, async (event, payload) => {
    if (!deps.isTrustedSender(event)) {
      deps.log?.warn({ channel, sender_url: senderUrl(event) }, 'refused IPC call from an untrusted sender');
      return errorResult(untrusted());
    }
    try {
      const input = parse(payload);
      return okResult(await run(input));
    } catch (err) {
      if (!(err instanceof MillwrightError)) deps.log?.error({ err, channel }, 'IPC handler failed');
      return errorResult(err);
    }
  });
}

// ------------------------------------------------------------------- handlers

/**
 * One `admin:<operation>` handler per operation of the contract; returns the
 * unregister function. `api` is the admin API of admin/operations.ts, which
 * parses each input: the payload passes through untouched.
 */
export function registerAdminIpc(deps: IpcDeps & { api: AdminApi }): () => void {
  const names: readonly AdminOperationName[] = adminOperationNames;
  for (const name of names) {
    const call = deps.api[name] as (input: unknown) => Promise<unknown>;
    handleTrusted(deps, adminChannel(name), (payload) => payload, (input) => call(input));
  }
  return () => { for (const name of names) deps.ipcMain.removeHandler(adminChannel(name)); };
}

export const StartAtLoginInput = z.boolean();

/** `app:set-start-at-login` with a boolean payload; resolves to the setting now in force. */
export function registerAppIpc(deps: IpcDeps & { setStartAtLogin: (enabled: boolean) => { enabled: boolean } }): () => void {
  handleTrusted(deps, SET_START_AT_LOGIN_CHANNEL, (payload) => parseOrFail(StartAtLoginInput, payload, 'enabled'), deps.setStartAtLogin);
  return () => deps.ipcMain.removeHandler(SET_START_AT_LOGIN_CHANNEL);
}

/** Forwards every agent bus event to the renderer; returns the unsubscribe function. */
export function forwardAgentEvents(
  bus: { subscribe(listener: (event: AgentEvent) => void): () => void },
  send: (channel: string, event: AgentEvent) => void,
): () => void {
  return bus.subscribe((event) => send(AGENT_EVENT_CHANNEL, event));
}

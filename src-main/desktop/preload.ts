// The preload: exposes `window.millwright` to the sandboxed renderer. It is
// bundled into one CommonJS file that requires only `electron` (a sandboxed
// preload cannot load anything else), so it imports plain names and types,
// never the contract's zod schemas; the main process parses every payload.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { AdminBridge, MillwrightBridge } from './bridge-types.js';
import type { AgentEvent } from '../events/bus.js';
import { AGENT_EVENT_CHANNEL, OPEN_RECONNECT_CHANNEL, SET_START_AT_LOGIN_CHANNEL, adminChannel } from './channels.js';
import { adminOperationNames } from './operation-names.js';

const admin = Object.fromEntries(
  adminOperationNames.map((name) => [name, (input: unknown) => ipcRenderer.invoke(adminChannel(name), input)]),
) as unknown as AdminBridge;

/** Listeners get the payload only: the IPC event would hand the page `sender`. */
function subscribe<T>(channel: string, listener: (payload: T) => void): () => void {
  const wrapped = (_event: IpcRendererEvent, payload: T) => listener(payload);
  ipcRenderer.on(channel, wrapped);
  return () => { ipcRenderer.removeListener(channel, wrapped); };
}

const bridge = {
  admin,
  onEvent: (listener) => subscribe<AgentEvent>(AGENT_EVENT_CHANNEL, listener),
  onOpenReconnect: (listener) => subscribe<string>(OPEN_RECONNECT_CHANNEL, listener),
  setStartAtLogin: (enabled) => ipcRenderer.invoke(SET_START_AT_LOGIN_CHANNEL, enabled),
} satisfies MillwrightBridge;

contextBridge.exposeInMainWorld('millwright', bridge);

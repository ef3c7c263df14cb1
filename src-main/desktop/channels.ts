// IPC channel names shared by the main process and the preload. Plain strings
// only: the preload bundles this file.
import type { AdminOperationName } from '../contract/admin.js';

export const adminChannel = (name: AdminOperationName) => `admin:${name}` as const;
/** main → renderer: every agent bus event. */
export const AGENT_EVENT_CHANNEL = 'agent:event';
/** main → renderer: a notification was clicked; payload is the connection id. */
export const OPEN_RECONNECT_CHANNEL = 'app:open-reconnect';
/** renderer → main: boolean payload. */
export const SET_START_AT_LOGIN_CHANNEL = 'app:set-start-at-login';

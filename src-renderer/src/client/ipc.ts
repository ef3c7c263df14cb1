// The desktop transport: `window.millwright`, the preload bridge. Results come
// back as {ok, value | error}; this turns them into values or ClientErrors.
import type { MillwrightBridge } from '../../../src-main/desktop/bridge-types.js';
import { ClientError } from './errors.js';
import type { AdminApi, AdminClient } from './types.js';

export function createIpcClient(bridge: MillwrightBridge): AdminClient {
  const api = new Proxy({} as AdminApi, {
    get(_target, name: string) {
      const call = (bridge.admin as unknown as Record<string, ((input: unknown) => Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string; field?: string } }>) | undefined>)[name];
      if (!call) return undefined;
      return async (input: unknown) => {
        const result = await call(input ?? {});
        if (result.ok) return result.value;
        const e = result.error ?? { code: 'internal_error', message: 'unknown error' };
        throw new ClientError(e.code, e.message, e.field);
      };
    },
  });
  return {
    transport: 'ipc',
    api,
    onEvent: (listener) => bridge.onEvent(listener),
    onStreamState: (listener) => { listener('live'); return () => {}; },
    onOpenReconnect: (listener) => bridge.onOpenReconnect(listener),
    close: () => {},
  };
}

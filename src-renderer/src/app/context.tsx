// React context for the client, the current screen and the app-wide dialogs.
import { createContext, useContext } from 'react';
import type { AdminClient } from '../client/index.js';

export const ClientContext = createContext<AdminClient | null>(null);

export function useClient(): AdminClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useClient outside ClientContext');
  return client;
}

export type Route =
  | { name: 'connections' }
  | { name: 'connection'; id: string }
  | { name: 'credits' }
  | { name: 'settings' }
  | { name: 'audit' }
  | { name: 'webhooks'; tab?: 'endpoints' | 'deliveries' | 'flows'; webhookId?: string };

export interface AppActions {
  route: Route;
  navigate(route: Route): void;
  openAddConnection(): void;
  openReconnect(connectionId: string): void;
}

export const AppContext = createContext<AppActions | null>(null);

export function useApp(): AppActions {
  const app = useContext(AppContext);
  if (!app) throw new Error('useApp outside AppContext');
  return app;
}

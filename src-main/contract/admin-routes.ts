// Where each admin operation lives on the admin HTTP API: plain data with no zod,
// so the preload bridge and the browser client can import it without pulling
// the schemas into their bundles. `admin.ts` adds the schemas to each entry.
export interface AdminRoute {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  /** HTTP status of a success (200 unless said). */
  status?: number;
  /** The answer is a file (`FileResult`), sent as raw bytes with its media type and name. */
  fileResponse?: true;
  /**
   * The request body is a file: its raw bytes become input field `field`, and
   * `headers` names the request header each other input field comes from.
   */
  fileRequest?: { field: string; headers: Record<string, string> };
  /**
   * A read that still goes into the audit log because it hands out a secret or
   * the agent's data. Every operation that is not a GET is audited anyway.
   */
  audit?: true;
}

export const adminRoutes = {
  listSystems: { method: 'GET', path: '/admin/v1/systems' },
  agentInfo: { method: 'GET', path: '/admin/v1/agent' },
  listConnections: { method: 'GET', path: '/admin/v1/connections' },
  listConnectionSummaries: { method: 'GET', path: '/admin/v1/connections/summaries' },
  getConnection: { method: 'GET', path: '/admin/v1/connections/:id' },
  connect: { method: 'POST', path: '/admin/v1/connections', status: 201 },
  testConnection: { method: 'POST', path: '/admin/v1/connections/test' },
  updateConnection: { method: 'PATCH', path: '/admin/v1/connections/:id' },
  reconnect: { method: 'POST', path: '/admin/v1/connections/:id/reconnect' },
  credentialFields: { method: 'GET', path: '/admin/v1/connections/:id/credential-fields' },
  activate: { method: 'POST', path: '/admin/v1/connections/:id/activate' },
  deactivate: { method: 'POST', path: '/admin/v1/connections/:id/deactivate' },
  disconnect: { method: 'DELETE', path: '/admin/v1/connections/:id' },
  revealToken: { method: 'GET', path: '/admin/v1/connections/:id/token', audit: true },
  rotateToken: { method: 'POST', path: '/admin/v1/connections/:id/token/rotate' },
  pause: { method: 'POST', path: '/admin/v1/connections/:id/pause' },
  resume: { method: 'POST', path: '/admin/v1/connections/:id/resume' },
  syncNow: { method: 'POST', path: '/admin/v1/connections/:id/sync', status: 202 },
  listSyncs: { method: 'GET', path: '/admin/v1/connections/:id/syncs' },
  listRecords: { method: 'GET', path: '/admin/v1/connections/:id/records/:entity' },
  credits: { method: 'GET', path: '/admin/v1/credits' },
  getSettings: { method: 'GET', path: '/admin/v1/settings' },
  patchSettings: { method: 'PATCH', path: '/admin/v1/settings' },
  listWebhooks: { method: 'GET', path: '/admin/v1/webhooks' },
  createWebhook: { method: 'POST', path: '/admin/v1/webhooks', status: 201 },
  updateWebhook: { method: 'PATCH', path: '/admin/v1/webhooks/:id' },
  deleteWebhook: { method: 'DELETE', path: '/admin/v1/webhooks/:id' },
  testWebhook: { method: 'POST', path: '/admin/v1/webhooks/:id/test', status: 202 },
  listDeliveries: { method: 'GET', path: '/admin/v1/deliveries' },
  redeliver: { method: 'POST', path: '/admin/v1/deliveries/:id/redeliver', status: 202 },
  listFlows: { method: 'GET', path: '/admin/v1/flows' },
  createFlow: { method: 'POST', path: '/admin/v1/flows', status: 201 },
  deleteFlow: { method: 'DELETE', path: '/admin/v1/flows/:id' },
  listAudit: { method: 'GET', path: '/admin/v1/audit' },
  diagnose: { method: 'POST', path: '/admin/v1/connections/:id/diagnose' },
  lastDiagnose: { method: 'GET', path: '/admin/v1/connections/:id/diagnose' },
  supportBundle: { method: 'GET', path: '/admin/v1/support-bundle', fileResponse: true, audit: true },
  backup: { method: 'POST', path: '/admin/v1/backup', fileResponse: true },
  restore: { method: 'POST', path: '/admin/v1/restore', fileRequest: { field: 'file', headers: { passphrase: 'x-passphrase' } } },
} as const satisfies Record<string, AdminRoute>;

export type AdminOperationName = keyof typeof adminRoutes;
/** Whether calls of an operation go into the audit log: every one that is not a GET, and the GETs marked `audit`. */
export const isAudited = (route: AdminRoute): boolean => route.method !== 'GET' || route.audit === true;
export const adminOperationNames = Object.keys(adminRoutes) as AdminOperationName[];

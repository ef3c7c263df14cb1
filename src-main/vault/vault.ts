// vault/ owns the OS keychain. Nothing else touches keytar. Every secret
// (system credentials, API tokens, webhook signing secrets) lives here and only
// here; if no keychain is reachable the vault refuses to store anything rather
// than fall back to plaintext.
import { MillwrightError } from '../contract/errors.js';

export const VAULT_SERVICE = 'millwright';

export interface Vault {
  /** Throws keychain_unavailable (with how to fix it) if no keychain answers. */
  ensureAvailable(): Promise<void>;
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  delete(account: string): Promise<void>;
  /** Every account of this installation (diagnostics and tests; recovery uses the journal, not this). */
  accounts(): Promise<string[]>;
  describe(): Promise<{ available: boolean; backend: string; problem: string | null }>;
}

export const accounts = {
  connectionCredentials: (id: string) => `connection/${id}/credentials`,
  connectionToken: (id: string) => `connection/${id}/token`,
  webhookSecret: (id: string) => `webhook/${id}/secret`,
  /** The connection or webhook id an account belongs to. */
  owner: (account: string): { kind: 'connection' | 'webhook'; id: string } | null => {
    const m = /^(connection|webhook)\/([^/]+)\//.exec(account);
    return m ? { kind: m[1] as 'connection' | 'webhook', id: m[2] } : null;
  },
};

const HOW_TO_FIX: Record<NodeJS.Platform | 'default', string> = {
  linux: 'Millwright keeps secrets in the Secret Service (GNOME Keyring or KWallet). Start a desktop session with a keyring, or on a server run the agent inside `dbus-run-session` with `gnome-keyring-daemon --unlock --components=secrets` (packages: dbus, gnome-keyring).',
  darwin: 'Millwright keeps secrets in the macOS Keychain; unlock the login keychain and try again.',
  win32: 'Millwright keeps secrets in the Windows Credential Manager; make sure it is running for this user.',
  default: 'Millwright needs an OS keychain to store secrets.',
} as Record<string, string>;

type Keytar = typeof import('keytar');

export function keychainUnavailable(cause: string): MillwrightError {
  const fix = HOW_TO_FIX[process.platform] ?? HOW_TO_FIX.default;
  return new MillwrightError('keychain_unavailable', `No OS keychain is reachable (${cause}), so Millwright will not store secrets. ${fix}`);
}

/**
 * The OS keychain through keytar. Accounts are namespaced by the installation
 * (one per data dir), so two agents of the same OS user never touch each
 * other's secrets.
 */
export function createKeychainVault(namespace: string, service = VAULT_SERVICE): Vault {
  const prefix = `${namespace}/`;
  let keytar: Keytar | null = null;
  let problem: string | null = null;

  const load = async (): Promise<Keytar> => {
    if (keytar) return keytar;
    try {
      const mod = (await import('keytar')) as unknown as Keytar & { default?: Keytar };
      const kt = mod.default ?? mod;
      await kt.getPassword(service, `${prefix}probe`); // a round-trip proves the keychain answers
      keytar = kt;
      problem = null;
      return kt;
    } catch (err) {
      problem = (err as Error).message.split('\n')[0].slice(0, 200);
      throw keychainUnavailable(problem);
    }
  };

  return {
    ensureAvailable: async () => { await load(); },
    async get(account) { return (await load()).getPassword(service, prefix + account); },
    async set(account, secret) { await (await load()).setPassword(service, prefix + account, secret); },
    async delete(account) { await (await load()).deletePassword(service, prefix + account); },
    async accounts() {
      return (await (await load()).findCredentials(service)).map((c) => c.account).filter((a) => a.startsWith(prefix)).map((a) => a.slice(prefix.length));
    },
    async describe() {
      const backend = process.platform === 'linux' ? 'Secret Service (libsecret)' : process.platform === 'darwin' ? 'macOS Keychain' : 'Windows Credential Manager';
      try { await load(); return { available: true, backend, problem: null }; } catch { return { available: false, backend, problem }; }
    },
  };
}

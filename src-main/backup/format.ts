// The backup file format, version 1:
//
//   "MWBACKUP"             8 bytes, the magic
//   header length          4 bytes, big-endian
//   header                 UTF-8 JSON: format, app_version, created_at,
//                          kdf {name: "scrypt", N, r, p, salt, key_length},
//                          cipher {name: "aes-256-gcm", iv}, check
//   ciphertext             AES-256-GCM of the UTF-8 JSON payload
//   tag                    16 bytes, the GCM tag
//
// scrypt turns the passphrase and the salt into 64 bytes: the first 32 are the
// AES key, the last 32 key an HMAC of a fixed string (`check`), so a wrong
// passphrase is told apart from a damaged file. The magic, length and header
// are the GCM additional data: changing any byte of the file fails the tag.
// The header is read before any key is derived, so a file from a newer
// Millwright is refused by name, whatever the passphrase.
import crypto from 'node:crypto';
import { promisify } from 'node:util';
import { z } from 'zod';
import { MillwrightError } from '../contract/errors.js';
import { VERSION } from '../version.js';

export const BACKUP_FORMAT = 1;
const MAGIC = Buffer.from('MWBACKUP', 'ascii');
const CHECK_LABEL = 'millwright-backup passphrase check';
const TAG_BYTES = 16;

/** OWASP's scrypt floor for interactive use is N=2^17, r=8, p=1 (128 MiB, about half a second). */
export const DEFAULT_KDF = { N: 2 ** 17, r: 8, p: 1 };
/** What a file may ask for: enough for any file we write, bounded so a crafted file cannot exhaust memory. */
const MAX_KDF_MEMORY = 512 * 1024 * 1024;

const Header = z.object({
  format: z.number().int().positive(),
  app_version: z.string().max(50),
  created_at: z.string().max(50),
  kdf: z.object({
    name: z.literal('scrypt'),
    N: z.number().int().min(2 ** 10).max(2 ** 22).refine((n) => (n & (n - 1)) === 0, 'a power of two'),
    r: z.number().int().min(1).max(32),
    p: z.number().int().min(1).max(16),
    salt: z.string().max(100),
    key_length: z.literal(64),
  }),
  cipher: z.object({ name: z.literal('aes-256-gcm'), iv: z.string().max(100) }),
  check: z.string().max(100),
});
export type BackupHeader = z.infer<typeof Header>;

const backupError = (code: 'invalid_backup' | 'wrong_passphrase' | 'backup_too_new', message: string) => new MillwrightError(code, message, { status: 422 });
const damaged = (why: string) => backupError('invalid_backup', `This backup file is damaged (${why}); nothing was restored.`);

const scrypt = promisify(crypto.scrypt) as (password: string, salt: Buffer, keylen: number, options: crypto.ScryptOptions) => Promise<Buffer>;

/** On libuv's thread pool: half a second of key derivation does not stall the agent. */
async function deriveKeys(passphrase: string, salt: Buffer, kdf: { N: number; r: number; p: number }): Promise<{ key: Buffer; checkKey: Buffer }> {
  const bytes = await scrypt(passphrase.normalize('NFC'), salt, 64, { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: MAX_KDF_MEMORY });
  return { key: bytes.subarray(0, 32), checkKey: bytes.subarray(32) };
}

const check = (checkKey: Buffer) => crypto.createHmac('sha256', checkKey).update(CHECK_LABEL).digest();

export async function sealBackup(payload: unknown, passphrase: string, opts: { kdf?: { N: number; r: number; p: number }; now?: Date } = {}): Promise<Uint8Array> {
  const kdf = opts.kdf ?? DEFAULT_KDF;
  const salt = crypto.randomBytes(16);
  const iv = crypto.randomBytes(12);
  const { key, checkKey } = await deriveKeys(passphrase, salt, kdf);
  const header: BackupHeader = {
    format: BACKUP_FORMAT, app_version: VERSION, created_at: (opts.now ?? new Date()).toISOString(),
    kdf: { name: 'scrypt', ...kdf, salt: salt.toString('base64'), key_length: 64 },
    cipher: { name: 'aes-256-gcm', iv: iv.toString('base64') },
    check: check(checkKey).toString('base64'),
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(headerBytes.length);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.concat([MAGIC, length, headerBytes]));
  const body = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()]);
  return new Uint8Array(Buffer.concat([MAGIC, length, headerBytes, body, cipher.getAuthTag()]));
}

/** Reads the header only: is this a backup, and can this version read it? */
export function readBackupHeader(file: Uint8Array): { header: BackupHeader; headerEnd: number } {
  const buf = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  if (buf.length < MAGIC.length + 4 || !buf.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw backupError('invalid_backup', 'This is not a Millwright backup file (it does not start with MWBACKUP); nothing was restored.');
  }
  const length = buf.readUInt32BE(MAGIC.length);
  const headerEnd = MAGIC.length + 4 + length;
  if (length > 64 * 1024 || headerEnd + TAG_BYTES > buf.length) throw damaged('the header is cut off');
  let raw: unknown;
  try { raw = JSON.parse(buf.subarray(MAGIC.length + 4, headerEnd).toString('utf8')); } catch { throw damaged('the header is not readable'); }
  const format = (raw as { format?: unknown })?.format;
  const appVersion = String((raw as { app_version?: unknown })?.app_version ?? 'unknown');
  if (typeof format === 'number' && format > BACKUP_FORMAT) {
    throw backupError('backup_too_new', `This backup was made by Millwright ${appVersion} (backup format ${format}); this is Millwright ${VERSION}, which reads backup format ${BACKUP_FORMAT}. Install Millwright ${appVersion} or newer to restore it.`);
  }
  if (isNewer(appVersion, VERSION)) {
    throw backupError('backup_too_new', `This backup was made by Millwright ${appVersion}, which is newer than this Millwright ${VERSION}. Install Millwright ${appVersion} or newer to restore it.`);
  }
  const header = Header.safeParse(raw);
  if (!header.success) throw damaged(`the header is not valid: ${header.error.issues[0]?.path.join('.')} ${header.error.issues[0]?.message}`);
  if (128 * header.data.kdf.N * header.data.kdf.r * header.data.kdf.p > MAX_KDF_MEMORY) throw damaged('its key derivation asks for too much memory');
  return { header: header.data, headerEnd };
}

/** Decrypts a backup: the payload, or a clear error (not a backup, too new, wrong passphrase, damaged). */
export async function openBackup(file: Uint8Array, passphrase: string): Promise<{ header: BackupHeader; payload: unknown }> {
  const { header, headerEnd } = readBackupHeader(file);
  const buf = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  const { key, checkKey } = await deriveKeys(passphrase, Buffer.from(header.kdf.salt, 'base64'), header.kdf);
  const expected = Buffer.from(header.check, 'base64');
  const actual = check(checkKey);
  if (expected.length !== actual.length || !crypto.timingSafeEqual(expected, actual)) {
    throw backupError('wrong_passphrase', 'The passphrase does not open this backup; nothing was restored. Check it (it is case-sensitive) and try again.');
  }
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(header.cipher.iv, 'base64'));
  decipher.setAAD(buf.subarray(0, headerEnd));
  decipher.setAuthTag(buf.subarray(buf.length - TAG_BYTES));
  let text: string;
  try {
    text = Buffer.concat([decipher.update(buf.subarray(headerEnd, buf.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw damaged('its contents do not match their checksum: the file was changed or cut off');
  }
  try { return { header, payload: JSON.parse(text) }; } catch { throw damaged('its contents are not readable'); }
}

/** Whether version a is newer than b (numeric major.minor.patch; pre-release tags ignored). */
export function isNewer(a: string, b: string): boolean {
  const parse = (v: string) => (/^(\d+)\.(\d+)\.(\d+)/.exec(v) ?? []).slice(1).map(Number);
  const [x, y] = [parse(a), parse(b)];
  if (x.length !== 3 || y.length !== 3) return false;
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] > y[i];
  return false;
}

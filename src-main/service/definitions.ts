// What `millwright service install` writes, per OS, as pure functions of the
// options (tested as data): a systemd unit on Linux, a launchd property list on
// macOS, and on Windows a WinSW wrapper configuration with the commands that
// register it. Node is not a Windows service binary (the Service Control
// Manager stops a program that does not answer its protocol within 30 s), so
// Windows needs a wrapper; WinSW is the documented one (README, "Run it as a
// service").

export const SERVICE_NAME = 'millwright';
export const LAUNCHD_LABEL = 'com.millwright.agent';
export const WINDOWS_SERVICE_ID = 'Millwright';

export interface ServiceOptions {
  /** The agent's command: the Node binary and the CLI script (absolute paths). */
  program: string[];
  dataDir: string;
  /** A system-wide service (systemd system unit, launchd daemon) instead of the user's own. */
  system: boolean;
  /** The account a system service runs as (never root: the keychain is per user). */
  runAs?: string;
  /**
   * Linux without a desktop session: the unit starts its own D-Bus session and
   * GNOME Keyring, unlocked with the password in `keyringPasswordFile`.
   */
  privateKeyring?: boolean;
  keyringPasswordFile?: string;
}

// ---------------------------------------------------------------- systemd

/** One ExecStart word: quoted when needed, with systemd's specifier (%) and variable ($) characters escaped. */
export function systemdWord(arg: string): string {
  const escaped = arg.replace(/%/g, '%%').replace(/\$/g, '$$$$');
  return /^[\w@%+=:,./-]+$/.test(escaped) ? escaped : `"${escaped.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A path for ReadWritePaths= and friends: quoted when it has spaces. */
const systemdPath = (p: string) => (/\s|"/.test(p) ? `"${p.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"` : p).replace(/%/g, '%%');

export function systemdUnit(o: ServiceOptions): string {
  const agent = [...o.program, 'agent', '--data-dir', o.dataDir];
  const privateKeyring = o.privateKeyring ?? o.system;
  const passwordFile = o.keyringPasswordFile ?? (o.system ? '/etc/millwright/keyring-password' : '%h/.config/millwright/keyring-password');
  // The keyring lives in the data dir: the only place ProtectSystem=strict lets the service write.
  const keyringHome = `${o.dataDir}/keyring`;
  const exec = privateKeyring
    ? ['/usr/bin/dbus-run-session', '--', '/bin/sh', '-c',
      'gnome-keyring-daemon --unlock --components=secrets < "$CREDENTIALS_DIRECTORY/keyring-password" > /dev/null && exec "$0" "$@"', ...agent]
    : agent;
  const keychain = privateKeyring ? [
    '# Keychain: Millwright keeps every secret in the Secret Service (org.freedesktop.secrets).',
    '# This machine has no desktop session, so the service starts its own: dbus-run-session',
    '# gives it a private D-Bus session and gnome-keyring-daemon (Debian/Ubuntu packages',
    '# dbus, gnome-keyring) unlocks the keyring kept in the data dir with the password in',
    `# ${passwordFile} (create it before starting, readable by root only:`,
    `#   install -D -m 600 /dev/null ${passwordFile}; read -rs P; printf %s "$P" > ${passwordFile}`,
    '# ). The same password must be used from then on: it opens the keyring.',
  ] : [
    '# Keychain: Millwright keeps every secret in the Secret Service of your login session',
    '# (GNOME Keyring or KWallet), reached over the session D-Bus. On a machine without a',
    '# desktop session (a headless server), install with --private-keyring (or --system):',
    '# the unit then starts its own D-Bus session and GNOME Keyring (packages dbus, gnome-keyring).',
  ];
  const lines = [
    '# Millwright agent: the unified API for plant systems (SAP, Maximo, CMMS).',
    '# Written by `millwright service install`; `millwright service uninstall` removes it.',
    ...keychain,
    '',
    '[Unit]',
    'Description=Millwright agent (unified API for plant systems)',
    'After=network-online.target',
    'Wants=network-online.target',
    '',
    '[Service]',
    'Type=simple',
    ...(o.system ? [`User=${o.runAs ?? 'millwright'}`] : []),
    ...(o.system && o.dataDir === '/var/lib/millwright' ? ['StateDirectory=millwright', 'StateDirectoryMode=0700'] : []),
    `Environment=${systemdWord(`MILLWRIGHT_DATA_DIR=${o.dataDir}`)}`,
    ...(privateKeyring ? [`Environment=${systemdWord(`XDG_DATA_HOME=${keyringHome}`)}`, `LoadCredential=keyring-password:${passwordFile}`] : []),
    `ExecStart=${exec.map(systemdWord).join(' ')}`,
    'Restart=on-failure',
    'RestartSec=5',
    // The start-up banner carries the admin token; the agent logs to <data dir>/logs.
    'StandardOutput=null',
    'UMask=0077',
    'NoNewPrivileges=yes',
    'ProtectSystem=strict',
    `ReadWritePaths=${systemdPath(o.dataDir)}`,
    'PrivateTmp=yes',
    '',
    '[Install]',
    `WantedBy=${o.system ? 'multi-user.target' : 'default.target'}`,
    '',
  ];
  return lines.join('\n');
}

// ---------------------------------------------------------------- launchd

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function launchdPlist(o: ServiceOptions): string {
  const args = [...o.program, 'agent', '--data-dir', o.dataDir];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    '<!-- Millwright agent, written by `millwright service install`. Secrets stay in the login',
    '     keychain of the user it runs as, so it is a LaunchAgent of that user by default. -->',
    '<plist version="1.0">',
    '<dict>',
    '  <key>Label</key>',
    `  <string>${LAUNCHD_LABEL}</string>`,
    '  <key>ProgramArguments</key>',
    '  <array>',
    ...args.map((a) => `    <string>${xml(a)}</string>`),
    '  </array>',
    '  <key>EnvironmentVariables</key>',
    '  <dict>',
    '    <key>MILLWRIGHT_DATA_DIR</key>',
    `    <string>${xml(o.dataDir)}</string>`,
    '  </dict>',
    ...(o.system && o.runAs ? ['  <key>UserName</key>', `  <string>${xml(o.runAs)}</string>`] : []),
    '  <key>RunAtLoad</key>',
    '  <true/>',
    '  <!-- Restart when it exits with an error, not after a clean stop. -->',
    '  <key>KeepAlive</key>',
    '  <dict>',
    '    <key>SuccessfulExit</key>',
    '    <false/>',
    '  </dict>',
    '  <key>ThrottleInterval</key>',
    '  <integer>10</integer>',
    '  <key>Umask</key>',
    '  <integer>63</integer>',
    '  <key>StandardErrorPath</key>',
    `  <string>${xml(`${o.dataDir}/logs/service-stderr.log`)}</string>`,
    '</dict>',
    '</plist>',
    '',
  ].join('\n');
}

// ---------------------------------------------------------------- windows

export interface WindowsService {
  /** The WinSW configuration, saved beside the wrapper as millwright-service.xml. */
  config: string;
  /** The wrapper (WinSW renamed to millwright-service.exe) in the install folder. */
  wrapper: string;
  install: string[][];
  uninstall: string[][];
  status: string[];
}

export function windowsService(o: ServiceOptions & { installDir: string }): WindowsService {
  const wrapper = `${o.installDir}\\millwright-service.exe`;
  const [executable, ...rest] = o.program;
  const args = [...rest, 'agent', '--data-dir', o.dataDir].map((a) => (/[\s"]/.test(a) ? `"${a.replace(/"/g, '\\"')}"` : a)).join(' ');
  const config = [
    '<!-- Millwright agent as a Windows service, run by WinSW (millwright-service.exe beside this file).',
    '     Written by `millwright service install`. It must run as the Windows user whose Credential',
    '     Manager holds the secrets: `millwright-service.exe install /p` asks for that account. -->',
    '<service>',
    `  <id>${WINDOWS_SERVICE_ID}</id>`,
    '  <name>Millwright agent</name>',
    '  <description>Millwright: the unified API for plant systems (SAP, Maximo, CMMS).</description>',
    `  <executable>${xml(executable)}</executable>`,
    `  <arguments>${xml(args)}</arguments>`,
    `  <env name="MILLWRIGHT_DATA_DIR" value="${xml(o.dataDir)}"/>`,
    '  <startmode>Automatic</startmode>',
    '  <delayedAutoStart>true</delayedAutoStart>',
    '  <onfailure action="restart" delay="10 sec"/>',
    '  <onfailure action="restart" delay="30 sec"/>',
    '  <onfailure action="restart" delay="60 sec"/>',
    '  <resetfailure>1 hour</resetfailure>',
    '  <stoptimeout>15 sec</stoptimeout>',
    `  <logpath>${xml(`${o.dataDir}\\logs`)}</logpath>`,
    '  <log mode="roll-by-size"/>',
    '</service>',
    '',
  ].join('\r\n');
  return {
    config,
    wrapper,
    install: [[wrapper, 'install', '/p'], ['sc.exe', 'failureflag', WINDOWS_SERVICE_ID, '1'], [wrapper, 'start']],
    uninstall: [[wrapper, 'stop'], [wrapper, 'uninstall']],
    status: ['sc.exe', 'query', WINDOWS_SERVICE_ID],
  };
}

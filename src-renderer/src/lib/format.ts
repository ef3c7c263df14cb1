// Words and numbers the screens share, so money (credits) and time read the
// same everywhere.
import type { Connection } from '../../../src-main/contract/connections.js';
import type { Deployment, System } from '../../../src-main/contract/systems.js';

export const deploymentLabel = (d: Deployment) => (d === 'on_prem' ? 'On-prem' : 'Cloud');

export const credits = (n: number) => `${n} ${n === 1 ? 'credit' : 'credits'}`;

/** "8 credits · 2× on-prem", "1 credit", "Free". */
export function costLabel(cost: number, deployment: Deployment): string {
  if (cost === 0) return 'Free';
  return deployment === 'on_prem' ? `${credits(cost)} · 2× on-prem` : credits(cost);
}

/** Why a deployment costs what it costs, for the connect form. */
export function costReason(system: System, deployment: Deployment): string {
  const cost = system.credits[deployment];
  if (cost === null) return `${system.name} does not run ${deployment === 'on_prem' ? 'on-prem' : 'in the cloud'}.`;
  if (cost === 0) return `${system.name} is free: it uses no credits.`;
  const tier = system.tier ? `Tier ${roman(system.tier)}` : 'This system';
  if (deployment === 'on_prem') return `On-prem connections cost double: ${credits(cost)} (${tier}: ${credits(cost / 2)} in the cloud).`;
  return `${tier} system in the cloud: ${credits(cost)}.`;
}

export const roman = (tier: 1 | 2 | 3) => ['I', 'II', 'III'][tier - 1];

export const statusLabel: Record<Connection['status'], string> = {
  active: 'Active',
  auth_required: 'Needs reconnect',
  inactive: 'Inactive',
};
export const statusColor: Record<Connection['status'], string> = {
  active: 'teal',
  auth_required: 'red',
  inactive: 'gray',
};
/** A status needing action is a filled badge; the others are light. */
export const statusVariant: Record<Connection['status'], 'filled' | 'light'> = { active: 'light', auth_required: 'filled', inactive: 'light' };
export const deploymentColor: Record<Deployment, string> = { on_prem: 'grape', cloud: 'blue' };
export const healthLabel: Record<Connection['health'], string> = { online: 'Online', offline: 'Offline', unknown: 'Unknown' };
export const healthColor: Record<Connection['health'], string> = { online: 'teal.6', offline: 'red.6', unknown: 'gray.5' };

const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600], ['month', 30 * 24 * 3600], ['week', 7 * 24 * 3600], ['day', 24 * 3600], ['hour', 3600], ['minute', 60],
];

/** "3 minutes ago", "just now". */
export function relativeTime(iso: string, now = Date.now()): string {
  const seconds = (Date.parse(iso) - now) / 1000;
  if (Math.abs(seconds) < 45) return 'just now';
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size || unit === 'minute') return rtf.format(Math.round(seconds / size), unit);
  }
  return 'just now';
}

const exact = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
export const exactTime = (iso: string) => exact.format(new Date(iso));

// Formatters are made once: building one (what toLocaleString does on every
// call) costs far more than formatting with it, and the connections screen
// formats a dozen numbers and times on its first render.
const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayAndClock = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
/** "14:02" today, "12 Mar, 14:02" otherwise. */
export function shortTime(iso: string, now = new Date()): string {
  const d = new Date(iso);
  if (d.toDateString() === now.toDateString()) return clock.format(d);
  return dayAndClock.format(d);
}

const numberFormat = new Intl.NumberFormat();
/** "4,949": as toLocaleString() writes it. */
export const number = (n: number) => numberFormat.format(n);

export const count = (n: number, one: string, many = `${one}s`) => `${number(n)} ${n === 1 ? one : many}`;

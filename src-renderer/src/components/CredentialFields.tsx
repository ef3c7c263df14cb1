// The credential fields a system needs, generated from its catalog row
// (`credential_sets`): a SegmentedControl picks the set when there are several
// (Maximo: an API key, or a user and password); secrets are PasswordInputs.
import { PasswordInput, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import type { System } from '../../../src-main/contract/systems.js';

export const setLabel = (set: System['credential_sets'][number]) =>
  set.length === 0 ? 'None' : set.map((f) => f.label).join(' + ');

export function CredentialFields({ system, setIndex, onSetIndex, values, onChange, autoFocus, stored }: {
  system: System;
  setIndex: number;
  onSetIndex: (i: number) => void;
  values: Record<string, string>;
  onChange: (values: Record<string, string>) => void;
  autoFocus?: boolean;
  /** Values filled in from the stored credentials (reconnect): each says so under its field. */
  stored?: Record<string, string>;
}) {
  const sets = system.credential_sets;
  const set = sets[setIndex] ?? sets[0] ?? [];
  // the focus goes to the first field still to type (on reconnect: the secret, past the stored user)
  const focusKey = (set.find((f) => !values[f.key]) ?? set[0])?.key;
  return (
    <Stack gap="sm">
      {sets.length > 1 ? (
        <div>
          <Text size="sm" fw={500} mb={4} id="credential-set-label">Sign in with</Text>
          <SegmentedControl
            aria-labelledby="credential-set-label"
            value={String(setIndex)}
            onChange={(v) => onSetIndex(Number(v))}
            data={sets.map((s, i) => ({ value: String(i), label: setLabel(s) }))}
          />
        </div>
      ) : null}
      {set.length === 0 ? <Text size="sm" c="dimmed">{system.name} needs no credentials.</Text> : null}
      {set.map((field) => {
        const common = {
          key: field.key,
          label: field.label,
          required: !field.optional,
          value: values[field.key] ?? '',
          description: stored?.[field.key] !== undefined ? 'As stored; change it only if it changed too.' : undefined,
          autoComplete: field.secret ? 'new-password' : 'off',
          'data-autofocus': autoFocus && field.key === focusKey ? true : undefined,
          onChange: (e: React.ChangeEvent<HTMLInputElement>) => onChange({ ...values, [field.key]: e.currentTarget.value }),
        };
        return field.secret ? <PasswordInput {...common} /> : <TextInput {...common} />;
      })}
    </Stack>
  );
}

/** Only the chosen set's non-empty fields, as the contract's credentials object. */
export function pickCredentials(system: System, setIndex: number, values: Record<string, string>): Record<string, string> {
  const set = system.credential_sets[setIndex] ?? [];
  return Object.fromEntries(set.map((f) => [f.key, values[f.key] ?? '']).filter(([, v]) => v !== ''));
}

export function credentialsComplete(system: System, setIndex: number, values: Record<string, string>): boolean {
  const set = system.credential_sets[setIndex] ?? [];
  return set.every((f) => f.optional || (values[f.key] ?? '') !== '');
}

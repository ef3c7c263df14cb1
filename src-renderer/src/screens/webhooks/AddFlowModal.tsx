// "Add flow" with the condition builder: connection, entity, trigger, the
// conditions (field → operator → a value input fit for the field's type) and
// the endpoint. The server checks the conditions again; its error lands on the
// row and input it names (error.field, e.g. "conditions.1.value").
import { useState } from 'react';
import {
  ActionIcon, Button, Divider, Group, Modal, MultiSelect, Paper, Select, Stack, TagsInput, Text, TextInput, Tooltip,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { FlowCondition } from '../../../../src-main/contract/webhooks.js';
import { useClient } from '../../app/context.js';
import { keys, useConnections, useWebhooks } from '../../app/data.js';
import { toClientError } from '../../client/index.js';
import { ErrorAlert } from '../../components/feedback.js';
import { errorOn } from '../../lib/errors.js';
import { ENTITY_FIELDS, ENTITY_LABELS, ENTITY_NAMES, comparableFields, type EntityName, type FieldInfo } from '../../lib/entity-fields.js';
import {
  FLOW_TRIGGERS, OPERATOR_LABELS, TRIGGER_LABELS, operatorsFor, parseConditionValue, type FlowOperator, type FlowTrigger,
} from '../../lib/webhooks.js';

interface Row { key: number; field: string | null; op: FlowOperator; value: string | string[] }

export function AddFlowModal({ opened, onClose, presetConnectionId }: { opened: boolean; onClose: () => void; presetConnectionId?: string }) {
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={600}>Add flow</Text>} size={860} radius="md" centered>
      {opened ? <AddFlowForm onClose={onClose} presetConnectionId={presetConnectionId} /> : null}
    </Modal>
  );
}

let nextKey = 1;
const emptyRow = (): Row => ({ key: nextKey++, field: null, op: 'eq', value: '' });

function AddFlowForm({ onClose, presetConnectionId }: { onClose: () => void; presetConnectionId?: string }) {
  const { api } = useClient();
  const qc = useQueryClient();
  const connections = useConnections();
  const webhooks = useWebhooks();
  const [connectionId, setConnectionId] = useState<string | null>(presetConnectionId ?? null);
  const [entity, setEntity] = useState<EntityName>('purchase-orders');
  const [trigger, setTrigger] = useState<FlowTrigger>('any');
  const [webhookId, setWebhookId] = useState<string | null>(webhooks.data?.length === 1 ? webhooks.data[0].id : null);
  const [rows, setRows] = useState<Row[]>([emptyRow()]);
  const fields = ENTITY_FIELDS[entity];

  // Rows without a field are left out of the request; the server's condition
  // index refers to this list.
  const sentRows = rows.filter((r) => r.field);
  const conditions = (): FlowCondition[] => sentRows.map((r) => ({
    field: r.field!, op: r.op, value: parseConditionValue(fields[r.field!], r.op, r.value) as FlowCondition['value'],
  }));
  const create = useMutation({
    mutationFn: () => api.createFlow({ connection_id: connectionId!, entity, trigger, webhook_id: webhookId!, conditions: conditions() }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.flows });
      notifications.show({ color: 'teal', title: 'Flow added', message: 'Matching records now send a flow.triggered event.' });
      onClose();
    },
  });
  const err = create.error ? toClientError(create.error) : null;
  const rowError = (row: Row, part: 'field' | 'op' | 'value') => {
    const i = sentRows.indexOf(row);
    return i < 0 ? undefined : errorOn(err, `conditions.${i}.${part}`);
  };
  const onTop = ['connection_id', 'entity', 'trigger', 'webhook_id'];
  const generalError = err && !onTop.some((f) => errorOn(err, f)) && !(err.field ?? '').startsWith('conditions.') ? create.error : null;

  const update = (key: number, patch: Partial<Row>) => { create.reset(); setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r))); };
  const ready = connectionId && webhookId;
  return (
    <form onSubmit={(e) => { e.preventDefault(); if (ready) create.mutate(); }}>
      <Stack gap="md">
        <Group grow align="flex-start">
          <Select label="Connection" required placeholder="Pick a connection" data={(connections.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
            value={connectionId} onChange={setConnectionId} error={errorOn(err, 'connection_id')} searchable nothingFoundMessage="No connection by that name" />
          <Select label="Records" required data={ENTITY_NAMES.map((e) => ({ value: e, label: ENTITY_LABELS[e] }))} value={entity} allowDeselect={false}
            onChange={(v) => { if (v) { setEntity(v as EntityName); setRows([emptyRow()]); create.reset(); } }} error={errorOn(err, 'entity')} />
          <Select label="When" required data={FLOW_TRIGGERS.map((t) => ({ value: t, label: TRIGGER_LABELS[t] }))} value={trigger} allowDeselect={false}
            onChange={(v) => { if (v) { setTrigger(v as FlowTrigger); create.reset(); } }} error={errorOn(err, 'trigger')} />
        </Group>
        <Divider label="Conditions (all must match)" labelPosition="left" />
        <Stack gap="xs">
          {rows.map((row, i) => (
            <ConditionRow key={row.key} index={i} row={row} entity={entity} onChange={(p) => update(row.key, p)}
              onRemove={rows.length > 1 ? () => { create.reset(); setRows((rs) => rs.filter((r) => r.key !== row.key)); } : undefined}
              errors={{ field: rowError(row, 'field'), op: rowError(row, 'op'), value: rowError(row, 'value') }} />
          ))}
          <Group>
            <Button variant="subtle" size="xs" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => setRows((rs) => [...rs, emptyRow()])}
              disabled={rows.length >= 20}>Add condition</Button>
            <Text size="xs" c="dimmed">Rows without a field are left out; with no condition, every {trigger === 'any' ? 'change' : trigger === 'created' ? 'new record' : 'update'} matches.</Text>
          </Group>
        </Stack>
        <Divider />
        <Select label="Send to" required placeholder="Pick a webhook endpoint" data={(webhooks.data ?? []).map((w) => ({ value: w.id, label: w.url }))}
          value={webhookId} onChange={setWebhookId} error={errorOn(err, 'webhook_id')}
          description="The endpoint receives a flow.triggered event with the record." />
        {generalError ? <ErrorAlert error={generalError} title="The flow was not added" /> : null}
        {err && (err.field ?? '').startsWith('conditions.') ? <Text size="sm" c="red.7" role="alert">A condition needs fixing: see the highlighted row.</Text> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Cancel</Button>
          <Button type="submit" disabled={!ready} loading={create.isPending}>Add flow</Button>
        </Group>
      </Stack>
    </form>
  );
}

function ConditionRow({ index, row, entity, onChange, onRemove, errors }: {
  index: number; row: Row; entity: EntityName; onChange: (patch: Partial<Row>) => void; onRemove?: () => void;
  errors: { field?: string; op?: string; value?: string };
}) {
  const n = index + 1;
  const info = row.field ? ENTITY_FIELDS[entity][row.field] : undefined;
  const ops = operatorsFor(info);
  const failed = Boolean(errors.field || errors.op || errors.value);
  return (
    <Paper withBorder px="xs" py={6} radius="md" role="group" aria-label={`Condition ${n}`} data-testid="condition-row" data-invalid={failed || undefined}
      style={{ borderColor: failed ? 'var(--mantine-color-red-5)' : 'transparent', background: failed ? 'var(--mantine-color-red-0)' : undefined }}>
      <Group gap="xs" align="flex-start" wrap="nowrap">
        <Text size="sm" c="dimmed" w={36} pt={8} ta="right">{index === 0 ? 'If' : 'and'}</Text>
        <Select aria-label={`Condition ${n} field`} placeholder="Field" w={220} searchable value={row.field} error={errors.field}
          data={comparableFields(entity).map(([name, f]) => ({ value: name, label: name, kind: f.kind }))}
          renderOption={({ option }) => (
            <Group justify="space-between" w="100%" wrap="nowrap"><Text size="sm" ff="monospace">{option.value}</Text>
              <Text size="xs" c="dimmed">{ENTITY_FIELDS[entity][option.value]?.kind}</Text></Group>
          )}
          onChange={(v) => {
            const nextInfo = v ? ENTITY_FIELDS[entity][v] : undefined;
            const allowed = operatorsFor(nextInfo);
            onChange({ field: v, op: allowed.includes(row.op) ? row.op : allowed[0], value: row.op === 'in' ? [] : '' });
          }} />
        <Select aria-label={`Condition ${n} operator`} w={170} value={row.op} allowDeselect={false} error={errors.op}
          data={ops.map((o) => ({ value: o, label: OPERATOR_LABELS[o] }))}
          onChange={(v) => { if (v) onChange({ op: v as FlowOperator, value: v === 'in' ? [] : Array.isArray(row.value) ? row.value.join(', ') : row.value }); }} />
        <ValueInput n={n} info={info} op={row.op} value={row.value} onChange={(value) => onChange({ value })} error={errors.value} />
        <Tooltip label="Remove condition" disabled={!onRemove}>
          <ActionIcon variant="subtle" color="gray" size="lg" mt={1} aria-label={`Remove condition ${n}`} disabled={!onRemove} onClick={onRemove}>
            <IconTrash size={16} aria-hidden />
          </ActionIcon>
        </Tooltip>
      </Group>
    </Paper>
  );
}

const placeholders: Partial<Record<FieldInfo['kind'], string>> = {
  number: 'A number, e.g. 10', decimal: 'An amount, e.g. 10000.00', datetime: 'A date, e.g. 2026-03-01T00:00:00Z', string: 'Text',
  measure: 'A reading, e.g. 7.1 (or a text such as PASS)',
};

function ValueInput({ n, info, op, value, onChange, error }: {
  n: number; info: FieldInfo | undefined; op: FlowOperator; value: string | string[]; onChange: (v: string | string[]) => void; error?: string;
}) {
  const label = `Condition ${n} value`;
  const common = { 'aria-label': label, error, style: { flex: 1 }, disabled: !info };
  const list = Array.isArray(value) ? value : value ? value.split(',').map((s) => s.trim()).filter(Boolean) : [];
  const text = Array.isArray(value) ? value.join(', ') : value;
  if (info?.kind === 'enum') {
    const data = info.options!.map((o) => ({ value: o, label: o }));
    return op === 'in'
      ? <MultiSelect {...common} placeholder="One or more values" data={data} value={list} onChange={onChange} />
      : <Select {...common} placeholder="Value" data={data} value={text || null} onChange={(v) => onChange(v ?? '')} />;
  }
  if (info?.kind === 'boolean') {
    return <Select {...common} placeholder="Value" data={['true', 'false']} value={text || null} onChange={(v) => onChange(v ?? '')} />;
  }
  if (op === 'in') {
    return <TagsInput {...common} placeholder="Values; press Enter after each" value={list} onChange={onChange} splitChars={[',']} />;
  }
  return (
    <TextInput {...common} placeholder={info ? placeholders[info.kind] ?? 'Value' : 'Pick a field first'} value={text}
      inputMode={info?.kind === 'number' || info?.kind === 'decimal' || (info?.kind === 'measure' && ['gt', 'gte', 'lt', 'lte'].includes(op)) ? 'decimal' : undefined}
      onChange={(e) => onChange(e.currentTarget.value)} />
  );
}

// Which entities this connection's user may read: one row per entity the
// system offers, with where it is read from and — for one that is not
// available — the system's own reason and what to ask its admin for. The Add
// connection test and the connection page draw the same table.
import { Badge, Stack, Table, Text } from '@mantine/core';
import type { EntityAvailability as Availability } from '../../../src-main/contract/connections.js';
import type { System } from '../../../src-main/contract/systems.js';
import { ENTITY_LABELS, type EntityName } from '../lib/entity-fields.js';
import { RelativeTime } from './badges.js';

type Row = Omit<Availability, 'checked_at'> & { checked_at?: string };

export function EntityAvailabilityTable({ system, entities, label, showChecked = false }: {
  system: System;
  entities: Partial<Record<string, Row>>;
  label: string;
  showChecked?: boolean;
}) {
  const offered = system.entities.length ? system.entities : Object.keys(entities).map((entity) => ({ entity, source: '' }));
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table verticalSpacing="xs" aria-label={label} layout="fixed">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={170}>Entity</Table.Th>
            <Table.Th w={150}>Availability</Table.Th>
            <Table.Th>Read from · what to ask the {system.name} admin</Table.Th>
            {showChecked ? <Table.Th w={130}>Checked</Table.Th> : null}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {offered.map(({ entity, source }) => {
            const a = entities[entity];
            const name = ENTITY_LABELS[entity as EntityName] ?? entity;
            const state = !a ? 'not checked yet' : a.available ? 'available' : 'not available';
            return (
              <Table.Tr key={entity} aria-label={`${name}: ${state}`}>
                <Table.Td><Text size="sm" fw={500}>{name}</Text></Table.Td>
                <Table.Td>
                  <Badge variant="light" radius="sm" tt="none" color={!a ? 'gray' : a.available ? 'teal' : 'orange'}>{state}</Badge>
                </Table.Td>
                <Table.Td>
                  <Stack gap={2}>
                    {source ? <Text size="xs" c="dimmed">{source}</Text> : null}
                    {a && !a.available ? (
                      <>
                        <Text size="sm" c="orange.9" style={{ overflowWrap: 'anywhere' }}>{a.reason ?? `${system.name} does not offer it to this user.`}</Text>
                        {a.action ? <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>{a.action}</Text> : null}
                      </>
                    ) : null}
                  </Stack>
                </Table.Td>
                {showChecked ? <Table.Td><Text size="sm" c="dimmed">{a?.checked_at ? <RelativeTime iso={a.checked_at} /> : '—'}</Text></Table.Td> : null}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** "4 of 6 entities available". */
export function availabilitySummary(entities: Partial<Record<string, Row>>): { available: number; total: number } {
  const rows = Object.values(entities).filter((a): a is Row => a !== undefined);
  return { available: rows.filter((a) => a.available).length, total: rows.length };
}

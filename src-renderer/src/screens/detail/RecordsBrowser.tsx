// The synced records of a connection, per entity: what the unified API serves.
// A search box, a virtualised list (TanStack Virtual) that loads the next page
// (next_cursor) as you scroll, and a drawer with one record's JSON.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Badge, Card, Code, Drawer, Group, ScrollArea, Stack, Tabs, Text, TextInput, Title, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useVirtualizer } from '@tanstack/react-virtual';
import { IconDatabase, IconSearch } from '@tabler/icons-react';
import type { Connection } from '../../../../src-main/contract/connections.js';
import { useRecords } from '../../app/data.js';
import { ErrorAlert, Loading } from '../../components/feedback.js';
import { RelativeTime } from '../../components/badges.js';
import { CopyIconButton } from '../../components/copy.js';
import { ENTITY_FIELDS, ENTITY_LABELS, ENTITY_NAMES, TITLE_FIELDS, type EntityName } from '../../lib/entity-fields.js';
import { count, exactTime, relativeTime } from '../../lib/format.js';
import classes from './records.module.css';

type RecordRow = Record<string, unknown>;
const ROW_HEIGHT = 48;
const VIEW_HEIGHT = 432;

const str = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
/** A field as a person reads it: a time in the local format, a reading with its record's unit. */
function shown(entity: EntityName, r: RecordRow, f: string): string {
  const v = str(r[f]);
  const kind = ENTITY_FIELDS[entity][f]?.kind;
  if (kind === 'datetime' && v) return exactTime(v);
  if (kind === 'measure' && v && typeof r.unit === 'string' && r.unit) return `${v} ${r.unit}`;
  return v;
}
function pick(entity: EntityName, r: RecordRow, fields: string[], skip?: string): string {
  for (const f of fields) if (f !== skip && str(r[f])) return shown(entity, r, f);
  return '';
}
export const recordTitle = (entity: EntityName, r: RecordRow) => pick(entity, r, TITLE_FIELDS[entity].title) || str(r.remote_id) || str(r.id);

export function RecordsBrowser({ c }: { c: Connection }) {
  const [entity, setEntity] = useState<EntityName>('purchase-orders');
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const [open, setOpen] = useState<RecordRow | null>(null);
  return (
    <Card withBorder radius="md" p={0}>
      <Group justify="space-between" p="md" pb="xs">
        <div>
          <Title order={4}>Synced records</Title>
          <Text size="sm" c="dimmed">What apps get from the unified API with this connection’s token.</Text>
        </div>
        <TextInput aria-label="Search records" placeholder="Search records" leftSection={<IconSearch size={16} aria-hidden />} w={280}
          value={search} onChange={(e) => setSearch(e.currentTarget.value)} />
      </Group>
      <Tabs value={entity} onChange={(v) => { if (v) setEntity(v as EntityName); }} px="md">
        <Tabs.List aria-label="Entity">
          {ENTITY_NAMES.map((e) => <Tabs.Tab key={e} value={e}>{ENTITY_LABELS[e]}</Tabs.Tab>)}
        </Tabs.List>
      </Tabs>
      <RecordList key={`${entity}:${debounced}`} id={c.id} entity={entity} search={debounced} onOpen={setOpen} />
      <Drawer opened={open !== null} onClose={() => setOpen(null)} position="right" size="lg"
        title={<Text fw={600}>{open ? `${ENTITY_LABELS[entity].replace(/s$/, '')} ${recordTitle(entity, open)}` : ''}</Text>}>
        {open ? <RecordJson record={open} /> : null}
      </Drawer>
    </Card>
  );
}

function RecordList({ id, entity, search, onOpen }: { id: string; entity: EntityName; search: string; onOpen: (r: RecordRow) => void }) {
  const records = useRecords(id, entity, search);
  const rows = useMemo(() => records.data?.pages.flatMap((p) => p.data) ?? [], [records.data]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 10 });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length ? items[items.length - 1].index : -1;
  // Near the end of what is loaded: fetch the next page.
  useEffect(() => {
    if (lastIndex >= rows.length - 20 && records.hasNextPage && !records.isFetchingNextPage) void records.fetchNextPage();
  }, [lastIndex, rows.length, records]);

  if (records.isPending) return <Loading label="Loading records…" />;
  if (records.isError) return <Stack p="md"><ErrorAlert error={records.error} title="Could not load the records" onRetry={() => void records.refetch()} /></Stack>;
  if (rows.length === 0) {
    return (
      <Stack align="center" gap={4} py="xl" c="dimmed">
        <IconDatabase size={28} aria-hidden />
        <Text size="sm" fw={500}>{search ? `No ${ENTITY_LABELS[entity].toLowerCase()} match “${search}”` : `No ${ENTITY_LABELS[entity].toLowerCase()} synced yet`}</Text>
        <Text size="xs">{search ? 'Try another word: the search looks in every field and the system’s own key.' : 'They appear here after a sync brings some.'}</Text>
      </Stack>
    );
  }
  const t = TITLE_FIELDS[entity];
  const height = Math.min(VIEW_HEIGHT, rows.length * ROW_HEIGHT + 2);
  return (
    <div>
      <div className={`${classes.row} ${classes.header}`} aria-hidden>
        <div>Record</div><div>Details</div><div>System key</div><div>Updated</div>
      </div>
      <div ref={scrollRef} className={classes.scroll} style={{ height }} data-testid="records-scroll">
        <div role="list" aria-label={`${ENTITY_LABELS[entity]} records`} style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const r = rows[item.index];
            const title = recordTitle(entity, r);
            const subtitle = pick(entity, r, t.subtitle, t.title.find((f) => str(r[f])));
            const deleted = Boolean(r.deleted_at);
            return (
              <div role="listitem" key={str(r.id) || item.index} style={{ position: 'absolute', top: 0, left: 0, width: '100%', height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}>
                <UnstyledButton className={classes.row} style={{ height: ROW_HEIGHT }} data-deleted={deleted} onClick={() => onOpen(r)} aria-label={`Open ${title}`}>
                  <Group gap={6} wrap="nowrap" className={classes.cell}>
                    <Text size="sm" fw={600} truncate="end">{title}</Text>
                    {deleted ? <Badge size="xs" color="gray" variant="light">deleted</Badge> : null}
                    {typeof r.status === 'string' ? <Badge size="xs" variant="light" radius="sm" tt="none">{r.status.replace(/_/g, ' ')}</Badge> : null}
                  </Group>
                  <Text size="sm" c="dimmed" className={classes.cell}>{subtitle}</Text>
                  <Text size="xs" ff="monospace" c="dimmed" className={classes.cell}>{str(r.remote_id)}</Text>
                  <Text size="xs" c="dimmed" title={r.updated_at ? exactTime(str(r.updated_at)) : undefined}>{r.updated_at ? relativeTime(str(r.updated_at)) : ''}</Text>
                </UnstyledButton>
              </div>
            );
          })}
        </div>
      </div>
      <Group justify="space-between" px="md" py={8} style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}>
        <Text size="xs" c="dimmed" role="status" data-testid="records-count">
          {count(rows.length, 'record')}{records.hasNextPage ? ' loaded, more as you scroll' : ''}{search ? ` matching “${search}”` : ''}
        </Text>
        {records.isFetchingNextPage ? <Text size="xs" c="dimmed">Loading more…</Text> : null}
      </Group>
    </div>
  );
}

function RecordJson({ record }: { record: RecordRow }) {
  const json = JSON.stringify(record, null, 2);
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Group gap="xs">
          <Text size="sm" c="dimmed">Updated</Text>
          <RelativeTime iso={str(record.updated_at) || null} />
        </Group>
        <CopyIconButton value={json} label="Copy JSON" />
      </Group>
      <ScrollArea.Autosize mah="calc(100vh - 160px)" type="auto">
        <Code block data-testid="record-json" style={{ fontSize: 12 }}>{json}</Code>
      </ScrollArea.Autosize>
    </Stack>
  );
}

// The connections list: every connection with its system, deployment, cost,
// status, health and last sync; the credit gauge; the reconnect banner.
// Virtualised (TanStack Virtual): only the visible rows are in the DOM, so
// 5,000 connections stay fast.
import { memo, useDeferredValue, useMemo, useRef, useState, type CSSProperties } from 'react';
import { Alert, Button, EmptyState, Group, Menu, Paper, SegmentedControl, Stack, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { IconAlertTriangle, IconDots, IconPlugConnected, IconPlus, IconRefresh, IconSearch, IconEye, IconPlayerPlay, IconPlayerPause, IconKey, IconClockPause, IconPlayerTrackNext } from '@tabler/icons-react';
import type { ConnectionSummary } from '../../../../src-main/contract/connections.js';
import type { System } from '../../../../src-main/contract/systems.js';
import { useApp } from '../../app/context.js';
import { useConnections, useSystems } from '../../app/data.js';
import { deploymentIcon, PausedBadge } from '../../components/badges.js';
import { CreditGauge } from '../../components/CreditGauge.js';
import { ErrorAlert, Loading } from '../../components/feedback.js';
import { costLabel, count, deploymentColor, deploymentLabel, exactTime, healthColor, healthLabel, number, relativeTime, shortTime, statusColor, statusLabel, statusVariant } from '../../lib/format.js';
import { useConnectionActions } from './actions.js';
import classes from './connections.module.css';

type Filter = 'all' | ConnectionSummary['status'];

const ROW_HEIGHT = 60;

export function ConnectionsScreen() {
  const { openAddConnection, openReconnect } = useApp();
  const connections = useConnections();
  const systems = useSystems();
  const [search, setSearch] = useState('');
  const [filter, setFilter] = useState<Filter>('all');
  const deferredSearch = useDeferredValue(search);

  const systemsById = useMemo(() => new Map((systems.data ?? []).map((s) => [s.id, s])), [systems.data]);
  const all = connections.data ?? [];
  const needReconnect = useMemo(() => all.filter((c) => c.status === 'auth_required'), [all]);
  const counts = useMemo(() => {
    const c = { active: 0, auth_required: 0, inactive: 0 };
    for (const x of all) c[x.status]++;
    return c;
  }, [all]);
  const visible = useMemo(() => {
    const q = deferredSearch.trim().toLowerCase();
    return all.filter((c) => (filter === 'all' || c.status === filter)
      && (!q || c.name.toLowerCase().includes(q) || (systemsById.get(c.system)?.name ?? c.system).toLowerCase().includes(q)));
  }, [all, filter, deferredSearch, systemsById]);

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>Connections</Title>
          <Text c="dimmed" size="sm">Systems this agent connects to the unified API.</Text>
        </div>
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={openAddConnection}>Add connection</Button>
      </Group>

      {needReconnect.length > 0 ? <ReconnectBanner connections={needReconnect} systems={systemsById} onReconnect={openReconnect} /> : null}

      <Group align="stretch" gap="md" grow preventGrowOverflow={false}>
        <CreditGauge />
        <SummaryCard label="Active" value={counts.active} color="teal" />
        <SummaryCard label="Needs reconnect" value={counts.auth_required} color={counts.auth_required ? 'red' : 'gray'} />
        <SummaryCard label="Inactive" value={counts.inactive} color="gray" />
      </Group>

      {connections.isPending ? <Loading label="Loading connections…" /> : null}
      {connections.isError ? <ErrorAlert error={connections.error} title="Could not load the connections" onRetry={() => void connections.refetch()} /> : null}
      {connections.isSuccess && all.length === 0 ? (
        <Paper withBorder radius="md" p="xl">
          <EmptyState
            icon={<IconPlugConnected size={28} aria-hidden />}
            variant="light"
            title="No connections yet"
            description="Connect a system to get a token for the unified API. Not ready to connect a real system? Start with the free Sandbox: it has sample purchase orders, work orders and assets."
          >
            <EmptyState.Actions>
              <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={openAddConnection}>Add your first connection</Button>
            </EmptyState.Actions>
          </EmptyState>
        </Paper>
      ) : null}
      {connections.isSuccess && all.length > 0 ? (
        <Stack gap="sm">
          <Group justify="space-between">
            <TextInput
              aria-label="Search connections"
              placeholder="Search by name or system"
              leftSection={<IconSearch size={16} aria-hidden />}
              value={search}
              onChange={(e) => setSearch(e.currentTarget.value)}
              w={320}
            />
            <SegmentedControl
              aria-label="Filter by status"
              value={filter}
              onChange={(v) => setFilter(v as Filter)}
              data={[
                { value: 'all', label: `All (${number(all.length)})` },
                { value: 'active', label: 'Active' },
                { value: 'auth_required', label: 'Needs reconnect' },
                { value: 'inactive', label: 'Inactive' },
              ]}
            />
          </Group>
          <ConnectionTable rows={visible} total={all.length} systems={systemsById} />
        </Stack>
      ) : null}
    </Stack>
  );
}

function SummaryCard({ label, value, color }: { label: string; value: number; color: string }) {
  return (
    <Paper withBorder p="md" radius="md" role="group" aria-label={`${label}: ${value}`}>
      <Text size="sm" c="dimmed">{label}</Text>
      <Text fz={28} fw={700} c={value ? color : undefined} lh={1.3}>{number(value)}</Text>
    </Paper>
  );
}

function ReconnectBanner({ connections, systems, onReconnect }: {
  connections: ConnectionSummary[]; systems: Map<string, System>; onReconnect: (id: string) => void;
}) {
  const first = connections[0];
  const title = connections.length === 1
    ? `${first.name} needs reconnecting`
    : `${connections.length} connections need reconnecting`;
  return (
    <Alert color="red" variant="filled" radius="md" icon={<IconAlertTriangle aria-hidden />} title={title} role="alert">
      <Stack gap="xs">
        {connections.slice(0, 3).map((c) => (
          <Group key={c.id} justify="space-between" wrap="nowrap" gap="md">
            <Text size="sm">
              {connections.length > 1 ? <b>{c.name}: </b> : null}
              {(systems.get(c.system)?.name ?? c.system)} rejected the stored credentials
              {c.status_changed_at ? ` at ${shortTime(c.status_changed_at)}` : ''}. Its API token is paused until someone enters new credentials.
            </Text>
            <Button size="xs" variant="white" color="red" flex="none" leftSection={<IconKey size={14} aria-hidden />} onClick={() => onReconnect(c.id)}
              aria-label={`Reconnect ${c.name}`}>
              Reconnect
            </Button>
          </Group>
        ))}
        {connections.length > 3 ? <Text size="sm">…and {connections.length - 3} more: filter the list by “Needs reconnect”.</Text> : null}
      </Stack>
    </Alert>
  );
}

function ConnectionTable({ rows, total, systems }: { rows: ConnectionSummary[]; total: number; systems: Map<string, System> }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 3,
  });
  const height = Math.min(Math.max(rows.length, 1) * ROW_HEIGHT, 640);
  return (
    <Paper withBorder radius="md" className={classes.table} role="table" aria-label="Connections" aria-rowcount={rows.length + 1}>
      <div role="rowgroup">
        <div role="row" className={`${classes.row} ${classes.header}`} aria-rowindex={1}>
          <div role="columnheader">Connection</div>
          <div role="columnheader">Deployment</div>
          <div role="columnheader">Cost</div>
          <div role="columnheader">Status</div>
          <div role="columnheader">Health</div>
          <div role="columnheader">Last sync</div>
          <div role="columnheader"><span className={classes.srOnly}>Actions</span></div>
        </div>
      </div>
      {rows.length === 0 ? (
        <Text p="lg" c="dimmed" size="sm">No connection matches ({number(total)} in all).</Text>
      ) : (
        <div ref={scrollRef} className={classes.scroll} style={{ height }} data-testid="connections-scroll">
          <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const c = rows[item.index];
              return (
                <ConnectionRow key={c.id} connection={c} system={systems.get(c.system)} index={item.index} top={item.start} />
              );
            })}
          </div>
        </div>
      )}
      <Text size="xs" c="dimmed" px="md" py={6} className={classes.footer}>{count(rows.length, 'connection')} shown</Text>
    </Paper>
  );
}

// The rows are plain markup styled by connections.module.css with Mantine's own
// theme variables, so they look like the Text, Badge and ActionIcon used
// elsewhere: a visible row costs a few elements instead of a dozen Mantine
// components (each with its styles, floating-ui hooks for tooltips and menus),
// which is most of what the first render of 5,000 connections cost. The menu
// and the exact-time tooltip mount only while they are shown.
const ConnectionRow = memo(function ConnectionRow({ connection: c, system, index, top }: {
  connection: ConnectionSummary; system: System | undefined; index: number; top: number;
}) {
  const { navigate, openReconnect } = useApp();
  const DeploymentIcon = deploymentIcon(c.deployment);
  return (
    <div role="row" aria-label={c.name} aria-rowindex={index + 2} className={classes.row} data-status={c.status}
      style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${top}px)` }}>
      <div role="cell" className={classes.nameCell}>
        <button type="button" onClick={() => navigate({ name: 'connection', id: c.id })} className={`mantine-focus-auto ${classes.nameButton}`} aria-label={`Open ${c.name}`}>
          <span className={classes.name}>{c.name}</span>
          <span className={classes.system}>{system?.name ?? c.system}</span>
        </button>
      </div>
      <div role="cell">
        <span className={classes.badge} style={badgeColors(deploymentColor[c.deployment], 'light')}>
          <DeploymentIcon size={12} aria-hidden />
          {deploymentLabel(c.deployment)}
        </span>
      </div>
      <div role="cell"><span className={classes.text} data-testid="connection-cost">{costLabel(c.credits, c.deployment)}</span></div>
      <div role="cell" className={classes.statusCell}>
        <span className={classes.badge} style={badgeColors(statusColor[c.status], statusVariant[c.status])}>{statusLabel[c.status]}</span>
        {c.paused ? <PausedBadge /> : null}
      </div>
      <div role="cell" className={classes.health}>
        <span className={classes.dot} style={{ background: `var(--mantine-color-${healthColor[c.health].replace('.', '-')})` }} aria-hidden />
        <span className={`${classes.text} ${classes.dimmed}`}>{healthLabel[c.health]}</span>
      </div>
      <div role="cell"><LastSync id={c.id} iso={c.last_sync_at} /></div>
      <div role="cell" className={classes.actions}>
        {c.status === 'auth_required' ? (
          <Button size="compact-sm" color="red" variant="light" onClick={() => openReconnect(c.id)} aria-label={`Reconnect ${c.name}`}>Reconnect</Button>
        ) : null}
        <RowActions connection={c} />
      </div>
    </div>
  );
});

/** A badge's colours as Mantine's Badge computes them for a theme colour (light: its light shade; filled: the colour on white text). */
function badgeColors(color: string, variant: 'light' | 'filled'): CSSProperties {
  return variant === 'filled'
    ? { '--badge-bg': `var(--mantine-color-${color}-filled)`, '--badge-color': 'var(--mantine-color-white)' } as CSSProperties
    : { '--badge-bg': `var(--mantine-color-${color}-light)`, '--badge-color': `var(--mantine-color-${color}-light-color)` } as CSSProperties;
}

/** "3 minutes ago"; the exact time in a tooltip on hover or keyboard focus (after 200 ms, as RelativeTime elsewhere) and in the accessible description. */
function LastSync({ id, iso }: { id: string; iso: string | null }) {
  const ref = useRef<HTMLTimeElement>(null);
  const [tip, setTip] = useState(false);
  const timer = useRef<number | undefined>(undefined);
  if (!iso) return <span className={`${classes.text} ${classes.dimmed}`}>Never</span>;
  const show = () => { window.clearTimeout(timer.current); timer.current = window.setTimeout(() => setTip(true), 200); };
  const hide = () => { window.clearTimeout(timer.current); setTip(false); };
  const exact = exactTime(iso);
  const descId = `${id}-last-sync`;
  return (
    <>
      <time ref={ref} dateTime={iso} tabIndex={0} className={`mantine-focus-auto ${classes.text} ${classes.time}`} aria-describedby={descId}
        onMouseEnter={show} onMouseLeave={hide} onFocus={(e) => { if (e.currentTarget.matches(':focus-visible')) show(); }} onBlur={hide}>
        {relativeTime(iso)}
      </time>
      <span id={descId} className={classes.srOnly}>{exact}</span>
      {tip ? <Tooltip label={exact} withArrow opened target={ref} /> : null}
    </>
  );
}

/**
 * The row's action menu. The button is plain; Mantine's Menu mounts only while
 * it is open, anchored to a box laid over the button (Menu needs an element of
 * its own as target), and gives focus back to the button when it closes from
 * inside (Escape, an item), as Menu's own target would have it.
 */
function RowActions({ connection: c }: { connection: ConnectionSummary }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menuId = `${c.id}-actions`;
  const close = () => {
    const dropdown = document.getElementById(`${menuId}-dropdown`);
    const focusInside = !document.activeElement || document.activeElement === document.body || !!dropdown?.contains(document.activeElement);
    setOpen(false);
    if (focusInside) button.current?.focus({ preventScroll: true });
  };
  return (
    <span className={classes.menuHost}>
      <button ref={button} type="button" className={`mantine-focus-auto mantine-active ${classes.actionIcon}`} aria-label={`Actions for ${c.name}`}
        aria-haspopup="menu" aria-expanded={open} aria-controls={open ? `${menuId}-dropdown` : undefined} onClick={() => setOpen(true)}>
        <IconDots size={18} aria-hidden />
      </button>
      {open ? (
        <Menu opened onChange={(o) => { if (!o) close(); }} id={menuId} position="bottom-end" withinPortal shadow="md">
          <Menu.Target><span className={classes.menuAnchor} aria-hidden /></Menu.Target>
          <Menu.Dropdown>
            <RowMenuItems connection={c} />
          </Menu.Dropdown>
        </Menu>
      ) : null}
    </span>
  );
}
/** The menu's items, rendered only while it is open: the actions' hooks (five mutations) are not paid for by every visible row. */
function RowMenuItems({ connection: c }: { connection: ConnectionSummary }) {
  const { navigate, openReconnect } = useApp();
  const actions = useConnectionActions(c);
  return (
    <>
      <Menu.Item leftSection={<IconEye size={16} aria-hidden />} onClick={() => navigate({ name: 'connection', id: c.id })}>Open details</Menu.Item>
      <Menu.Item leftSection={<IconRefresh size={16} aria-hidden />} disabled={c.status !== 'active'} onClick={() => actions.syncNow(false)}>Sync now</Menu.Item>
      <Menu.Item leftSection={c.paused ? <IconPlayerTrackNext size={16} aria-hidden /> : <IconClockPause size={16} aria-hidden />} onClick={() => actions.setPaused(!c.paused)}>
        {c.paused ? 'Resume scheduled syncs' : 'Pause scheduled syncs'}
      </Menu.Item>
      {c.status === 'auth_required' ? (
        <Menu.Item leftSection={<IconKey size={16} aria-hidden />} onClick={() => openReconnect(c.id)}>Reconnect</Menu.Item>
      ) : null}
      {c.status === 'inactive' ? (
        <Menu.Item leftSection={<IconPlayerPlay size={16} aria-hidden />} onClick={actions.activate}>Activate</Menu.Item>
      ) : (
        <Menu.Item leftSection={<IconPlayerPause size={16} aria-hidden />} onClick={actions.confirmDeactivate}>Deactivate</Menu.Item>
      )}
      <Menu.Divider />
      <Menu.Item color="red" leftSection={<IconPlugConnected size={16} aria-hidden />} onClick={actions.confirmDisconnect}>Disconnect…</Menu.Item>
    </>
  );
}

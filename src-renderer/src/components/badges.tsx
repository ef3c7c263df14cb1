import { Badge, Box, Group, Text, Tooltip } from '@mantine/core';
import { IconCloud, IconBuildingFactory2, IconPlayerPauseFilled } from '@tabler/icons-react';
import type { Connection } from '../../../src-main/contract/connections.js';
import type { Deployment } from '../../../src-main/contract/systems.js';
import { deploymentColor, deploymentLabel, exactTime, healthColor, healthLabel, relativeTime, statusColor, statusLabel, statusVariant } from '../lib/format.js';

export const deploymentIcon = (deployment: Deployment) => (deployment === 'on_prem' ? IconBuildingFactory2 : IconCloud);

export function DeploymentBadge({ deployment }: { deployment: Deployment }) {
  const Icon = deploymentIcon(deployment);
  return (
    <Badge variant="light" color={deploymentColor[deployment]} leftSection={<Icon size={12} aria-hidden />} radius="sm">
      {deploymentLabel(deployment)}
    </Badge>
  );
}

export function StatusBadge({ status }: { status: Connection['status'] }) {
  return <Badge variant={statusVariant[status]} color={statusColor[status]} radius="sm">{statusLabel[status]}</Badge>;
}

/** Scheduled syncs paused by the admin (reads and manual syncs go on). */
export function PausedBadge() {
  return (
    <Tooltip label="Scheduled syncs are paused. Reads and manual syncs still work." withArrow>
      <Badge variant="outline" color="gray" radius="sm" tabIndex={0} leftSection={<IconPlayerPauseFilled size={10} aria-hidden />}>Paused</Badge>
    </Tooltip>
  );
}

export function HealthDot({ health }: { health: Connection['health'] }) {
  return (
    <Group gap={6} wrap="nowrap">
      <Box w={8} h={8} bg={healthColor[health]} style={{ borderRadius: '50%', flex: 'none' }} aria-hidden />
      <Text size="sm" c="dimmed">{healthLabel[health]}</Text>
    </Group>
  );
}

/** "3 minutes ago", with the exact time in a tooltip (also reachable by keyboard). */
export function RelativeTime({ iso, empty = 'Never' }: { iso: string | null; empty?: string }) {
  if (!iso) return <Text size="sm" c="dimmed">{empty}</Text>;
  return (
    <Tooltip label={exactTime(iso)} withArrow openDelay={200}>
      <Text component="time" dateTime={iso} size="sm" tabIndex={0} style={{ cursor: 'default' }}>{relativeTime(iso)}</Text>
    </Tooltip>
  );
}

import { Group, Paper, RingProgress, Stack, Text } from '@mantine/core';
import { useCredits } from '../app/data.js';

/** Credits used of the pool, as a ring; the numbers are in the text too (and in the accessible name). */
export function CreditGauge({ compact = false }: { compact?: boolean }) {
  const credits = useCredits();
  if (!credits.data) {
    return (
      <Paper withBorder p="md" radius="md" role="group" aria-label="Credits" aria-busy>
        <Text size="sm" c="dimmed">{credits.isError ? 'Credits unavailable' : 'Loading credits…'}</Text>
      </Paper>
    );
  }
  const { pool, used, available } = credits.data;
  const pct = pool > 0 ? Math.min(100, (used / pool) * 100) : 0;
  const color = pct >= 100 ? 'red' : pct >= 75 ? 'orange' : 'indigo';
  return (
    <Paper withBorder p={compact ? 'sm' : 'md'} radius="md" role="group" aria-label={`Credits: ${used} of ${pool} used`}>
      <Group gap="md" wrap="nowrap">
        <RingProgress
          size={compact ? 64 : 84}
          thickness={compact ? 7 : 9}
          roundCaps={pct > 0}
          sections={[{ value: pct, color }]}
          label={<Text ta="center" size="xs" fw={700} data-testid="credit-gauge-used">{used}/{pool}</Text>}
          aria-hidden
        />
        <Stack gap={2}>
          <Text size="sm" fw={600}>Credits</Text>
          <Text size="sm" data-testid="credit-gauge-text">{used} of {pool} used</Text>
          <Text size="xs" c={available === 0 ? 'red' : 'dimmed'}>{available} available</Text>
        </Stack>
      </Group>
    </Paper>
  );
}

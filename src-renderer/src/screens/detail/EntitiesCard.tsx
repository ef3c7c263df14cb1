// Entities on the connection page: which of the system's entities this
// connection's user may read, as the agent last found at connect or on a sync,
// with the system's own reason and what to ask its admin for (the service to
// activate, the authorization object or security group). An entity that
// becomes available later is synced from scratch on the next sync.
import { Alert, Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import type { Connection } from '../../../../src-main/contract/connections.js';
import type { System } from '../../../../src-main/contract/systems.js';
import { availabilitySummary, EntityAvailabilityTable } from '../../components/EntityAvailability.js';

export function EntitiesCard({ c, system }: { c: Connection; system: System }) {
  const { available, total } = availabilitySummary(c.entities);
  const missing = total - available;
  return (
    <Card withBorder radius="md" p="md" component="section" aria-labelledby={`entities-${c.id}`}>
      <Group justify="space-between" mb="sm" align="flex-start">
        <div>
          <Title order={4} id={`entities-${c.id}`}>Entities</Title>
          <Text size="sm" c="dimmed">What this connection's user may read in {system.name}. Checked at connect and again on every sync.</Text>
        </div>
        {total ? <Badge variant="light" color={missing ? 'orange' : 'teal'} size="lg" radius="sm">{`${available} of ${total} available`}</Badge> : null}
      </Group>
      <Stack gap="sm">
        {missing ? (
          <Alert color="orange" variant="light" title={`${missing} ${missing === 1 ? 'entity is' : 'entities are'} not available`} role="status">
            Syncs skip {missing === 1 ? 'it' : 'them'} and complete with a warning; the unified API answers 409 entity_unavailable for {missing === 1 ? 'it' : 'them'}.
            Once the {system.name} admin grants what is asked below, the next sync finds {missing === 1 ? 'it and syncs it' : 'each one and syncs it'} from scratch.
          </Alert>
        ) : null}
        <EntityAvailabilityTable system={system} entities={c.entities} label="Entity availability" showChecked />
      </Stack>
    </Card>
  );
}

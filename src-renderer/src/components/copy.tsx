// Copying to the clipboard: an icon button, and a labelled value (a token, a
// secret, an example) shown once beside its copy button.
import { useId } from 'react';
import { ActionIcon, Code, CopyButton, Group, Paper, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';

export function CopyIconButton({ value, label }: { value: string; label: string }) {
  return (
    <CopyButton value={value} timeout={2000}>
      {({ copied, copy }) => (
        <Tooltip label={copied ? 'Copied' : label} withArrow>
          <ActionIcon variant={copied ? 'filled' : 'default'} color={copied ? 'teal' : undefined} onClick={copy} aria-label={label} size="lg">
            {copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
          </ActionIcon>
        </Tooltip>
      )}
    </CopyButton>
  );
}

/**
 * A titled box with a value and its copy button. `block` is for multi-line
 * text (code examples); otherwise the value is one long word (a token).
 */
export function CopyableValue({ title, value, copyLabel, testId, block = false }: {
  title: string; value: string; copyLabel: string; testId: string; block?: boolean;
}) {
  const labelId = useId();
  return (
    <Paper withBorder p="sm" radius="md">
      <Text size="xs" c="dimmed" fw={600} tt="uppercase" mb={6} id={labelId}>{title}</Text>
      <Group gap="sm" wrap="nowrap" justify="space-between" align={block ? 'flex-start' : undefined}>
        {block
          ? <Code block aria-labelledby={labelId} data-testid={testId} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', flex: 1 }}>{value}</Code>
          : <Code aria-labelledby={labelId} data-testid={testId} style={{ fontSize: 13, wordBreak: 'break-all' }}>{value}</Code>}
        <CopyIconButton value={value} label={copyLabel} />
      </Group>
    </Paper>
  );
}

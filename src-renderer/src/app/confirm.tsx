// One confirmation dialog for the whole app: `await confirm({...})` resolves
// true when the user confirms. (@mantine/modals is not a dependency.)
import { createContext, useCallback, useContext, useRef, useState, type ReactNode } from 'react';
import { Button, Group, Modal, Stack, Text } from '@mantine/core';

export interface ConfirmRequest {
  title: string;
  body: ReactNode;
  confirmLabel: string;
  color?: string;
}

const ConfirmContext = createContext<((req: ConfirmRequest) => Promise<boolean>) | null>(null);

export function ConfirmProvider({ children }: { children: ReactNode }) {
  const [request, setRequest] = useState<ConfirmRequest | null>(null);
  const resolver = useRef<((ok: boolean) => void) | null>(null);
  const confirm = useCallback((req: ConfirmRequest) => new Promise<boolean>((resolve) => {
    resolver.current?.(false);
    resolver.current = resolve;
    setRequest(req);
  }), []);
  const settle = (ok: boolean) => {
    resolver.current?.(ok);
    resolver.current = null;
    setRequest(null);
  };
  return (
    <ConfirmContext.Provider value={confirm}>
      {children}
      <Modal opened={request !== null} onClose={() => settle(false)} title={<Text fw={600}>{request?.title}</Text>} centered radius="md">
        <Stack gap="lg">
          <div>{typeof request?.body === 'string' ? <Text size="sm">{request.body}</Text> : request?.body}</div>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => settle(false)}>Cancel</Button>
            <Button color={request?.color ?? 'indigo'} onClick={() => settle(true)} data-autofocus>{request?.confirmLabel}</Button>
          </Group>
        </Stack>
      </Modal>
    </ConfirmContext.Provider>
  );
}

export function useConfirm() {
  const confirm = useContext(ConfirmContext);
  if (!confirm) throw new Error('useConfirm outside ConfirmProvider');
  return confirm;
}

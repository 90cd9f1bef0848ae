import { useEffect, useRef } from 'react';
import Box from '@cloudscape-design/components/box';
import Button, { type ButtonProps } from '@cloudscape-design/components/button';
import SpaceBetween from '@cloudscape-design/components/space-between';

/** A dialog's buttons: Cancel and the action until it succeeded, then Close. */
export function DialogFooter({ done, sending, action, disabled, onAction, onClose }: { done?: boolean; sending: boolean; action: string; disabled?: boolean; onAction: () => Promise<void>; onClose: () => void }) {
  const close = useRef<ButtonProps.Ref>(null);
  // The action's button goes once it succeeded: the focus moves to Close, not out of the dialog.
  useEffect(() => {
    if (done) close.current?.focus();
  }, [done]);
  return (
    <Box float="right">
      <SpaceBetween direction="horizontal" size="xs">
        <Button ref={close} variant="link" onClick={onClose}>{done ? 'Close' : 'Cancel'}</Button>
        {!done && <Button variant="primary" loading={sending} disabled={disabled} onClick={() => void onAction()}>{action}</Button>}
      </SpaceBetween>
    </Box>
  );
}

import { Box, Group, Loader, Text } from '@mantine/core';
import { useLayoutEffect, useMemo, useRef } from 'react';
import { ErrorAlert } from '../shared/error-alert.tsx';
import { type LogStatus, useDeploymentLog } from './use-deployment-log.ts';

const STATUS_TEXT: Record<LogStatus, string> = {
  loading: 'Reading the log…',
  live: 'Following the log live',
  reconnecting: 'Reconnecting to the live log…',
  done: 'The log is complete',
  error: 'The log could not be read',
};

/** How close to the bottom still counts as "at the bottom" (a fraction of a line). */
const STICK_PX = 24;

/**
 * The deployment's output as it is written. It scrolls along with new output
 * while the reader is at the bottom, and stays put once they scroll up.
 */
export function DeploymentLog({ id }: { id: string }) {
  const { chunks, status, error } = useDeploymentLog(id);
  const text = useMemo(() => chunks.map((c) => c.text).join(''), [chunks]);
  const box = useRef<HTMLPreElement>(null);
  const stick = useRef(true);

  useLayoutEffect(() => {
    const el = box.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [text]);

  const onScroll = () => {
    const el = box.current;
    if (el) stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < STICK_PX;
  };

  return (
    <Box>
      <Group gap="xs" mb="xs" role="status" aria-live="polite">
        {(status === 'loading' || status === 'live' || status === 'reconnecting') && <Loader size="xs" type="dots" aria-hidden />}
        <Text size="sm" c="dimmed">
          {STATUS_TEXT[status]}
        </Text>
      </Group>
      {status === 'error' && <ErrorAlert error={error} />}
      <Box
        component="pre"
        ref={box}
        onScroll={onScroll}
        role="log"
        aria-label="Deployment log"
        tabIndex={0}
        className="rm-mono"
        m={0}
        p="sm"
        bd="1px solid var(--mantine-color-default-border)"
        bdrs="sm"
        bg="var(--rm-log-bg)"
        mah="60vh"
        mih={120}
        style={{ overflow: 'auto', whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}
      >
        {text === '' ? (status === 'done' ? 'This deployment wrote no output.' : '') : text}
      </Box>
    </Box>
  );
}

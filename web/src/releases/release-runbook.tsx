import { Button, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, type ReleaseDetail, type Runbook } from '../app/api.ts';
import { keys } from '../app/query-keys.ts';
import { useCan } from '../app/session.ts';
import { Timestamp } from '../deployments/timestamp.tsx';
import { QueryView } from '../shared/query-view.tsx';
import { DocumentBody, type DocumentView, MarkdownEditor, ViewToggle } from './release-document.tsx';
import { runbookEditable } from './release-editing.ts';

/**
 * The runbook: deploy order and each component's steps from the product file,
 * and the release's own steps, which people may write while it is on its way.
 */
export function ReleaseRunbook({ release: r }: { release: ReleaseDetail }) {
  const runbook = useQuery({ queryKey: keys.runbook(r.product, r.version), queryFn: () => api.runbook(r.product, r.version) });
  const can = useCan();
  const editable = can('releases:create') && runbookEditable(r);
  return <QueryView query={runbook} label="runbook">{(book) => <RunbookView release={r} runbook={book} editable={editable} />}</QueryView>;
}

function RunbookView({ release: r, runbook, editable }: { release: ReleaseDetail; runbook: Runbook; editable: boolean }) {
  const [view, setView] = useState<DocumentView>('rendered');
  const [editing, setEditing] = useState(false);
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (markdown: string) => api.editRunbook(r.product, r.version, markdown),
    onSuccess: (saved) => {
      queryClient.setQueryData(keys.runbook(r.product, r.version), saved);
      setEditing(false);
      notifications.show({ color: 'green', title: 'Runbook saved', message: saved.additions === null ? `${r.version} has no release-specific steps now.` : `${r.version}'s release-specific steps are saved.` });
      void queryClient.invalidateQueries({ queryKey: keys.product(r.product) });
    },
  });
  if (editing) {
    return (
      <MarkdownEditor
        label="Release-specific steps (Markdown)"
        description="Added at the end of the runbook; the rest comes from the components in the product file. Save it empty to remove them."
        initial={runbook.additions ?? ''}
        pending={save.isPending}
        error={save.error}
        onSave={(markdown) => save.mutate(markdown)}
        onCancel={() => setEditing(false)}
      />
    );
  }
  return (
    <Stack gap="sm">
      <Group justify="space-between" gap="sm">
        <Text size="sm" c="dimmed">
          {runbook.additions === null ? (
            'From the product file; no release-specific steps.'
          ) : (
            <>
              From the product file, with release-specific steps
              {runbook.editedBy && (
                <>
                  {' '}
                  by {runbook.editedBy.replace(/^user:/, '')} (<Timestamp at={runbook.editedAt} />)
                </>
              )}
              .
            </>
          )}
          {runbook.against !== null && runbook.ring !== null && ` Environment changes are told since ${runbook.against} in ${runbook.ring}.`}
        </Text>
        <Group gap="sm">
          <ViewToggle label="runbook" value={view} onChange={setView} />
          {editable && (
            <Button
              size="xs"
              variant="light"
              onClick={() => {
                save.reset();
                setEditing(true);
              }}
            >
              {runbook.additions === null ? 'Add steps' : 'Edit steps'}
            </Button>
          )}
        </Group>
      </Group>
      <DocumentBody label="Runbook" view={view} html={runbook.html} markdown={runbook.markdown} />
    </Stack>
  );
}

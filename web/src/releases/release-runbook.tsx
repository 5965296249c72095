import { Button, Group, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api, type ReleaseDetail, type Runbook } from '../app/api.ts';
import { keys } from '../app/query-keys.ts';
import { useCan } from '../app/session.ts';
import { Timestamp } from '../deployments/timestamp.tsx';
import { QueryView } from '../shared/query-view.tsx';
import { DocumentBody, MarkdownEditor, ViewToggle } from './release-document.tsx';
import { runbookEditable } from './release-editing.ts';
import { useDocumentSave } from './use-document-save.ts';

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
  const doc = useDocumentSave({
    product: r.product,
    queryKey: keys.runbook(r.product, r.version),
    save: (markdown) => api.editRunbook(r.product, r.version, markdown),
    notice: (saved) => ({ title: 'Runbook saved', message: saved.additions === null ? `${r.version} has no release-specific steps now.` : `${r.version}'s release-specific steps are saved.` }),
  });
  if (doc.editing) {
    return (
      <MarkdownEditor
        label="Release-specific steps (Markdown)"
        description="Added at the end of the runbook; the rest comes from the components in the product file. Save it empty to remove them."
        initial={runbook.additions ?? ''}
        {...doc.editor}
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
          <ViewToggle label="runbook" value={doc.view} onChange={doc.setView} />
          {editable && (
            <Button size="xs" variant="light" onClick={doc.startEditing}>
              {runbook.additions === null ? 'Add steps' : 'Edit steps'}
            </Button>
          )}
        </Group>
      </Group>
      <DocumentBody label="Runbook" view={doc.view} html={runbook.html} markdown={runbook.markdown} />
    </Stack>
  );
}

import { Button, Group, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api, type ReleaseDetail, type ReleaseNotes as Notes } from '../app/api.ts';
import { keys } from '../app/query-keys.ts';
import { useCan } from '../app/session.ts';
import { Timestamp } from '../deployments/timestamp.tsx';
import { QueryView } from '../shared/query-view.tsx';
import { ConfirmModal } from './confirm-modal.tsx';
import { DocumentBody, MarkdownEditor, ViewToggle } from './release-document.tsx';
import { notesEditable } from './release-editing.ts';
import { useDocumentSave } from './use-document-save.ts';
import { useReleaseAction } from './use-release-action.ts';

/**
 * The release notes: generated from the builds' commits against the release
 * before it, or as someone edited them. Editable until the release is blessed.
 */
export function ReleaseNotes({ release: r }: { release: ReleaseDetail }) {
  const notes = useQuery({ queryKey: keys.notes(r.product, r.version), queryFn: () => api.releaseNotes(r.product, r.version) });
  const can = useCan();
  const editable = can('releases:create') && notesEditable(r);
  return <QueryView query={notes} label="release notes">{(n) => <NotesView release={r} notes={n} editable={editable} />}</QueryView>;
}

function NotesView({ release: r, notes, editable }: { release: ReleaseDetail; notes: Notes; editable: boolean }) {
  const doc = useDocumentSave({
    product: r.product,
    queryKey: keys.notes(r.product, r.version),
    save: (markdown) => api.editReleaseNotes(r.product, r.version, markdown),
    notice: () => ({ title: 'Release notes saved', message: `${r.product} ${r.version}'s notes are your edited text now.` }),
  });
  if (doc.editing) {
    return (
      <MarkdownEditor
        label="Release notes (Markdown)"
        description="The whole text replaces the generated notes until you reset them."
        initial={notes.markdown}
        {...doc.editor}
      />
    );
  }
  return (
    <Stack gap="sm">
      <Group justify="space-between" gap="sm">
        <Text size="sm" c="dimmed">
          <Provenance notes={notes} />
        </Text>
        <Group gap="sm">
          <ViewToggle label="release notes" value={doc.view} onChange={doc.setView} />
          {editable && (
            <Button size="xs" variant="light" onClick={doc.startEditing}>
              Edit
            </Button>
          )}
          {editable && !notes.generated && <ResetAction release={r} />}
        </Group>
      </Group>
      <DocumentBody label="Release notes" view={doc.view} html={notes.html} markdown={notes.markdown} />
    </Stack>
  );
}

function Provenance({ notes }: { notes: Notes }) {
  const against = notes.against !== null && notes.ring !== null ? ` Compared with ${notes.against}, the release before it in ${notes.ring}.` : notes.ring !== null ? ` Nothing came before it in ${notes.ring}.` : '';
  if (!notes.generated) {
    return (
      <>
        Edited by {notes.editedBy?.replace(/^user:/, '') ?? 'someone'} · <Timestamp at={notes.editedAt} />
      </>
    );
  }
  return <>Generated from the builds’ commits.{against}</>;
}

function ResetAction({ release: r }: { release: ReleaseDetail }) {
  const action = useReleaseAction(
    r.product,
    () => api.resetReleaseNotes(r.product, r.version),
    () => ({ title: 'Release notes reset', message: `${r.product} ${r.version}'s notes are generated again.` }),
  );
  return (
    <>
      <Button size="xs" variant="subtle" color="orange" onClick={action.open}>
        Reset to generated
      </Button>
      <ConfirmModal
        opened={action.opened}
        onClose={action.close}
        title={`Reset the release notes of ${r.product} ${r.version}?`}
        confirmLabel="Reset"
        confirmColor="orange"
        pending={action.mutation.isPending}
        error={action.mutation.error}
        onConfirm={() => action.mutation.mutate(undefined)}
      >
        <Text size="sm">The edited text is dropped and the notes are generated from the builds’ commits again.</Text>
      </ConfirmModal>
    </>
  );
}

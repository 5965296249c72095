import { Button, FileInput, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { api, type ChecklistItem, type TickRequest } from '../app/api.ts';
import { describeSize, evidenceHint } from './checklist-words.ts';
import { ConfirmModal } from './confirm-modal.tsx';
import { readAsBase64 } from './read-file.ts';
import { useReleaseAction } from './use-release-action.ts';

/** The server keeps evidence files of at most 2 MiB; a bigger one is refused here before it is read and sent. */
const MAX_FILE_BYTES = 2 * 1024 * 1024;

interface ItemProps {
  product: string;
  version: string;
  ring: string;
  role: string;
  item: ChecklistItem;
}

interface TickInput {
  note: string;
  link: string;
  file: File | null;
}

/** Ticks an item of a role the user holds, with an optional note and evidence (a link or a file). */
export function TickAction({ product, version, ring, role, item }: ItemProps) {
  const [note, setNote] = useState('');
  const [link, setLink] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const action = useReleaseAction(
    product,
    async (input: TickInput) => api.tickItem(product, version, ring, role, item.id, await tickRequest(input)),
    () => ({ title: 'Ticked', message: `${role}: “${item.text}” is ticked for ${ring}.` }),
  );
  const open = () => {
    setNote(item.tick?.note ?? '');
    setLink(item.tick?.link ?? '');
    setFile(null);
    action.open();
  };
  const hint = evidenceHint(item);
  return (
    <>
      <Button size="compact-sm" variant={item.tick ? 'subtle' : 'light'} onClick={open} aria-label={`${item.tick ? 'Tick again' : 'Tick'}: ${item.text}`}>
        {item.tick ? 'Tick again' : 'Tick'}
      </Button>
      <ConfirmModal
        opened={action.opened}
        onClose={action.close}
        title={`Tick “${item.text}”`}
        confirmLabel="Tick"
        pending={action.mutation.isPending}
        error={action.mutation.error}
        onConfirm={() => action.mutation.mutate({ note, link, file })}
      >
        <Text size="sm">
          As {role}, for {ring}.{' '}
          {hint ? `This item ${hint}.` : 'Evidence is optional.'}
          {item.tick && ' The new tick replaces the one there is.'}
        </Text>
        <Stack gap="sm">
          <Textarea label="Note" description="Optional: what was checked, for the record" value={note} onChange={(e) => setNote(e.currentTarget.value)} autosize minRows={2} maxLength={2000} data-autofocus />
          <TextInput label="Link" description={hint ? 'A link or a file is required' : 'Optional: an http(s) address of the evidence'} inputMode="url" value={link} onChange={(e) => setLink(e.currentTarget.value)} maxLength={2000} placeholder="https://" />
          <FileInput
            label="File"
            description={`Optional: at most ${describeSize(MAX_FILE_BYTES)}`}
            value={file}
            onChange={setFile}
            clearable
            placeholder="Choose a file"
          />
        </Stack>
      </ConfirmModal>
    </>
  );
}

async function tickRequest({ note, link, file }: TickInput): Promise<TickRequest> {
  if (file && file.size > MAX_FILE_BYTES) throw new Error(`${file.name} is ${describeSize(file.size)}; evidence files are at most ${describeSize(MAX_FILE_BYTES)}`);
  return {
    ...(note.trim() === '' ? {} : { note: note.trim() }),
    ...(link.trim() === '' ? {} : { link: link.trim() }),
    ...(file ? { file: { name: file.name, ...(file.type ? { mediaType: file.type } : {}), contentBase64: await readAsBase64(file) } } : {}),
  };
}

/** Removes the tick of an item of a role the user holds. */
export function UntickAction({ product, version, ring, role, item }: ItemProps) {
  const action = useReleaseAction(
    product,
    () => api.untickItem(product, version, ring, role, item.id),
    () => ({ title: 'Tick removed', message: `${role}: “${item.text}” is no longer ticked for ${ring}.` }),
  );
  return (
    <>
      <Button size="compact-sm" variant="subtle" color="gray" onClick={action.open} aria-label={`Untick: ${item.text}`}>
        Untick
      </Button>
      <ConfirmModal
        opened={action.opened}
        onClose={action.close}
        title={`Untick “${item.text}”?`}
        confirmLabel="Untick"
        confirmColor="orange"
        pending={action.mutation.isPending}
        error={action.mutation.error}
        onConfirm={() => action.mutation.mutate(undefined)}
      >
        <Text size="sm">
          The tick and its evidence stop counting for {ring}; the item holds the checklist gate again{item.required ? '' : ' (it is optional, so the gate does not wait on it)'}.
        </Text>
      </ConfirmModal>
    </>
  );
}

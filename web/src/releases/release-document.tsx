import { Button, Code, Group, ScrollArea, SegmentedControl, Stack, Textarea } from '@mantine/core';
import { useState } from 'react';
import { ErrorAlert } from '../shared/error-alert.tsx';
import { ServerHtml } from '../shared/server-html.tsx';

export type DocumentView = 'rendered' | 'markdown';

/** Rendered or Markdown: how a release document is shown. */
export function ViewToggle({ label, value, onChange }: { label: string; value: DocumentView; onChange(view: DocumentView): void }) {
  return (
    <SegmentedControl
      size="xs"
      aria-label={`Show the ${label} as`}
      value={value}
      onChange={(v) => onChange(v as DocumentView)}
      data={[
        { value: 'rendered', label: 'Rendered' },
        { value: 'markdown', label: 'Markdown' },
      ]}
    />
  );
}

/** A release document as the server rendered it, or its Markdown source. */
export function DocumentBody({ label, view, html, markdown }: { label: string; view: DocumentView; html: string; markdown: string }) {
  if (view === 'markdown') {
    return (
      <ScrollArea.Autosize mah={640}>
        <Code block aria-label={`${label} (Markdown)`}>
          {markdown}
        </Code>
      </ScrollArea.Autosize>
    );
  }
  return <ServerHtml html={html} label={label} />;
}

interface EditorProps {
  label: string;
  description: string;
  initial: string;
  pending: boolean;
  /** The server's refusal, shown verbatim; the text stays as typed. */
  error: unknown;
  onSave(markdown: string): void;
  onCancel(): void;
}

/** Markdown in a text area, saved as a whole. */
export function MarkdownEditor({ label, description, initial, pending, error, onSave, onCancel }: EditorProps) {
  const [text, setText] = useState(initial);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (!pending) onSave(text);
      }}
    >
      <Stack gap="sm">
        <Textarea label={label} description={description} value={text} onChange={(e) => setText(e.currentTarget.value)} autosize minRows={10} maxRows={30} styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }} data-autofocus />
        {error != null && <ErrorAlert error={error} />}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={pending}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { keys } from '../app/query-keys.ts';
import type { DocumentView } from './release-document.tsx';

interface DocumentSave<Doc> {
  product: string;
  /** Where the document is cached: the saved copy goes straight there. */
  queryKey: readonly unknown[];
  save(markdown: string): Promise<Doc>;
  notice(saved: Doc): { title: string; message: string };
}

/**
 * A release document's view and editing state, and saving it as a whole: on
 * success the saved copy replaces the cached one, the editor closes, it says
 * so and everything about the product refreshes. A refusal goes to the
 * editor to show, with the text as typed.
 */
export function useDocumentSave<Doc>({ product, queryKey, save, notice }: DocumentSave<Doc>) {
  const [view, setView] = useState<DocumentView>('rendered');
  const [editing, setEditing] = useState(false);
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: save,
    onSuccess: (saved) => {
      queryClient.setQueryData(queryKey, saved);
      setEditing(false);
      notifications.show({ color: 'green', ...notice(saved) });
      void queryClient.invalidateQueries({ queryKey: keys.product(product) });
    },
  });
  return {
    view,
    setView,
    editing,
    startEditing() {
      mutation.reset();
      setEditing(true);
    },
    /** What the MarkdownEditor needs besides its label, description and text. */
    editor: {
      pending: mutation.isPending,
      error: mutation.error,
      onSave: (markdown: string) => mutation.mutate(markdown),
      onCancel: () => setEditing(false),
    },
  };
}

import { Input, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { useState } from 'react';
import { MAX_QUERY_LENGTH } from './target-search.ts';

/** Typing waits this long before it asks the server, so a word costs one request, not one per letter. */
const DEBOUNCE_MS = 250;

/**
 * The name search: what is typed shows at once; the URL (and so the server
 * query) follows once typing pauses.
 */
export function SearchInput({ value, onCommit }: { value: string | undefined; onCommit: (q: string | undefined) => void }) {
  const [text, setText] = useState(value ?? '');
  const [seen, setSeen] = useState(value);
  // The URL changed from elsewhere (cleared filters, the back button): show what it says now.
  if (value !== seen) {
    setSeen(value);
    if ((value ?? '') !== text.trim()) setText(value ?? '');
  }
  const commit = useDebouncedCallback((next: string) => onCommit(next.trim() || undefined), DEBOUNCE_MS);
  const change = (next: string) => {
    setText(next);
    commit(next);
  };
  const clear = () => {
    commit.cancel();
    setText('');
    onCommit(undefined);
  };
  return (
    <TextInput
      label="Search targets"
      placeholder="Part of a name"
      value={text}
      maxLength={MAX_QUERY_LENGTH}
      onChange={(event) => change(event.currentTarget.value)}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && text !== '') clear();
      }}
      rightSection={text !== '' ? <Input.ClearButton aria-label="Clear search" onClick={clear} /> : null}
      w={240}
    />
  );
}

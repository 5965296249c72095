import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { keys } from '../app/query-keys.ts';

/**
 * One release action behind a confirmation dialog: open it, run the call, and
 * on success close it, say so and refresh everything about the product. A
 * refusal stays on the mutation for the dialog to show.
 */
export function useReleaseAction<Input, Result>(product: string, run: (input: Input) => Promise<Result>, notice: (result: Result, input: Input) => { title: string; message: string }) {
  const queryClient = useQueryClient();
  const [opened, setOpened] = useState(false);
  const mutation = useMutation({
    mutationFn: run,
    onSuccess: (result, input) => {
      setOpened(false);
      notifications.show({ color: 'green', ...notice(result, input) });
      void queryClient.invalidateQueries({ queryKey: keys.product(product) });
    },
  });
  return {
    opened,
    mutation,
    open() {
      mutation.reset();
      setOpened(true);
    },
    close() {
      setOpened(false);
    },
  };
}

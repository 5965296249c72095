import { Button, Center, Paper, PasswordInput, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { api, type SessionRequest } from '../app/api.ts';
import { keys } from '../app/query-keys.ts';
import { ErrorAlert } from '../shared/error-alert.tsx';

type Method = 'password' | 'token';

/** Sign in with a user and password, or with a personal token; the session becomes an httpOnly cookie. */
export function SignInPage() {
  const { next } = useSearch({ from: '/sign-in' });
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [method, setMethod] = useState<Method>('password');
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [token, setToken] = useState('');

  const signIn = useMutation({
    mutationFn: (credentials: SessionRequest) => api.startSession(credentials),
    onSuccess: (me) => {
      queryClient.clear();
      queryClient.setQueryData(keys.me, me);
      void navigate({ to: next ?? '/' });
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate(method === 'password' ? { user: user.trim(), password } : { token: token.trim() });
  };

  return (
    <Center mih="100vh" p="md">
      <Paper component="form" onSubmit={submit} withBorder p="xl" w={380} shadow="sm" aria-labelledby="sign-in-title">
        <Stack>
          <div>
            <Title order={2} id="sign-in-title">
              Ringmaster
            </Title>
            <Text c="dimmed" size="sm">
              Sign in to follow and move releases.
            </Text>
          </div>
          <SegmentedControl
            aria-label="Sign in with"
            value={method}
            onChange={(value) => setMethod(value as Method)}
            data={[
              { value: 'password', label: 'User & password' },
              { value: 'token', label: 'Token' },
            ]}
          />
          {method === 'password' ? (
            <>
              <TextInput label="User" value={user} onChange={(e) => setUser(e.currentTarget.value)} autoComplete="username" required withAsterisk={false} autoFocus />
              <PasswordInput label="Password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} autoComplete="current-password" required withAsterisk={false} />
            </>
          ) : (
            <PasswordInput
              label="Personal token"
              description="A token made with `ringmaster token create`; CI and agent tokens cannot sign in."
              value={token}
              onChange={(e) => setToken(e.currentTarget.value)}
              autoComplete="off"
              required
              withAsterisk={false}
              autoFocus
            />
          )}
          {signIn.isError && <ErrorAlert error={signIn.error} title="Not signed in" />}
          <Button type="submit" loading={signIn.isPending}>
            Sign in
          </Button>
        </Stack>
      </Paper>
    </Center>
  );
}

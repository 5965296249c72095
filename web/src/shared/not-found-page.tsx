import { Anchor, Container, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';

export function NotFoundPage() {
  return (
    <Container size="sm" py="xl">
      <Title order={2}>No such page</Title>
      <Text mt="sm">
        Nothing lives at this address. <Anchor component={Link} to="/">See the products</Anchor>.
      </Text>
    </Container>
  );
}

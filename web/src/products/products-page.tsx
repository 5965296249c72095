import { Card, Code, Container, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Navigate } from '@tanstack/react-router';
import { AnchorLink } from '../shared/links.tsx';
import { api } from '../app/api.ts';
import { keys } from '../app/query-keys.ts';
import { QueryView } from '../shared/query-view.tsx';

/** The landing page: every product, or how to apply the first one. One product goes straight to its overview. */
export function ProductsPage() {
  const products = useQuery({ queryKey: keys.products, queryFn: () => api.listProducts() });
  return (
    <Container size="lg">
      <QueryView query={products} label="products">
        {(list) => {
          if (list.length === 0) return <NoProducts />;
          if (list.length === 1) return <Navigate to="/products/$product" params={{ product: list[0]!.name }} replace />;
          return (
            <Stack>
              <Title order={2}>Products</Title>
              <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
                {list.map((product) => (
                  <Card key={product.name} withBorder>
                    <AnchorLink to="/products/$product" params={{ product: product.name }} fw={600}>
                      {product.name}
                    </AnchorLink>
                    <Group gap="xs" c="dimmed">
                      <Text size="sm">
                        {product.components} components · {product.rings} rings · {product.targets} targets
                      </Text>
                    </Group>
                  </Card>
                ))}
              </SimpleGrid>
            </Stack>
          );
        }}
      </QueryView>
    </Container>
  );
}

function NoProducts() {
  return (
    <Stack maw={640} mx="auto" mt="xl" gap="sm">
      <Title order={2}>No product yet</Title>
      <Text>
        A product is described in a YAML file: its components, the rings a release goes through, their gates and the targets in each ring. Apply one
        with the CLI:
      </Text>
      <Code block>{`export RINGMASTER_SERVER=${window.location.origin}\nexport RINGMASTER_TOKEN=rm_…   # a token of a role that may apply\nnpx ringmaster apply -f ringmaster.yaml`}</Code>
      <Text size="sm" c="dimmed">
        The demo product in <Code>examples/daily-train/ringmaster.yaml</Code> is a good start; <Code>docs/product-file.md</Code> describes the format.
        This page updates by itself once a product is applied.
      </Text>
    </Stack>
  );
}

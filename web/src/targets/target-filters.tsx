import { Group, Select } from '@mantine/core';
import { useRings } from '../rings/use-rings.ts';
import { SearchInput } from './search-input.tsx';
import { HOSTING_LABELS, STATUS_LABELS, type TargetSearch } from './target-search.ts';

const HOSTING_OPTIONS = Object.entries(HOSTING_LABELS).map(([value, label]) => ({ value, label }));
const STATUS_OPTIONS = Object.entries(STATUS_LABELS).map(([value, label]) => ({ value, label }));

/** The filter bar: ring, hosting and status pick from lists; the search box matches part of a name. */
export function TargetFilters({ product, search, onChange }: { product: string; search: TargetSearch; onChange: (patch: Partial<TargetSearch>) => void }) {
  const rings = useRings(product).data?.map((ring) => ring.name) ?? [];
  // A shared link may name a ring the product no longer has: keep it selectable so it can be cleared.
  if (search.ring && !rings.includes(search.ring)) rings.push(search.ring);
  return (
    <Group gap="sm" align="flex-end" wrap="wrap" role="search" aria-label="Filter targets">
      <Select
        label="Ring"
        placeholder="All rings"
        data={rings}
        value={search.ring ?? null}
        onChange={(ring) => onChange({ ring: ring ?? undefined })}
        clearable
        clearButtonProps={{ 'aria-label': 'Clear ring filter' }}
        w={180}
      />
      <Select
        label="Hosting"
        placeholder="Any hosting"
        data={HOSTING_OPTIONS}
        value={search.hosting ?? null}
        onChange={(hosting) => onChange({ hosting: (hosting ?? undefined) as TargetSearch['hosting'] })}
        clearable
        clearButtonProps={{ 'aria-label': 'Clear hosting filter' }}
        w={160}
      />
      <Select
        label="Status"
        placeholder="Any status"
        data={STATUS_OPTIONS}
        value={search.status ?? null}
        onChange={(status) => onChange({ status: (status ?? undefined) as TargetSearch['status'] })}
        clearable
        clearButtonProps={{ 'aria-label': 'Clear status filter' }}
        w={190}
      />
      <SearchInput value={search.q} onCommit={(q) => onChange({ q })} />
    </Group>
  );
}

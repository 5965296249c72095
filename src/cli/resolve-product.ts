import type { ApiClient } from '../client/api-client.ts';
import { CliError } from './cli-errors.ts';

/** The product a command is about: the one named, or the only one there is. */
export async function resolveProduct(client: ApiClient, named: string | undefined): Promise<string> {
  if (named) return named;
  const products = await client.listProducts();
  const only = products.length === 1 ? products[0] : undefined;
  if (only) return only.name;
  if (products.length === 0) throw new CliError('there are no products yet: apply one with `ringmaster apply -f FILE`');
  throw new CliError(`there are ${products.length} products: pass --product with one of ${products.map((p) => p.name).join(', ')}`);
}

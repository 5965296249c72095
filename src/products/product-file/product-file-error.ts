/** One problem found in a product file, pointing at the node that caused it. */
export interface ProductFileError {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** Where in the product, like `rings[2].gates[0].soak`; `(root)` for the document itself. */
  field: string;
  message: string;
}

export function formatProductFileError(e: ProductFileError): string {
  return `${e.file}:${e.line}:${e.column} ${e.field}: ${e.message}`;
}

export const ROOT_FIELD = '(root)';

/** `rings` + 2 → `rings[2]`. */
export function indexPath(path: string, index: number): string {
  return `${path}[${index}]`;
}

/** `targets[0]` + `config` → `targets[0].config`; odd keys are quoted: `labels["a b"]`. */
export function keyPath(path: string, key: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path === '' ? key : `${path}.${key}`;
}

/**
 * How a failed command speaks: `error: <message>` on stderr, the server's
 * message verbatim, detail lines after it; the exit code it ends with.
 */
import { ApiConnectionError, ApiError } from '../client/api-error.ts';
import { CliError } from './cli-errors.ts';
import type { CliContext } from './cli-io.ts';
import { printable } from './output/printable.ts';

export function reportError(context: CliContext, error: unknown): number {
  const write = (line: string) => context.io.stderr.write(`${printable(line)}\n`);
  if (error instanceof ApiError) {
    // Product-file problems read like a compiler's: file:line:column field: message, one a line.
    if (error.code === 'invalid_product_file' && error.details.length > 0) {
      for (const d of error.details) write(`${String(d['file'])}:${String(d['line'])}:${String(d['column'])} ${String(d['field'])}: ${String(d['message'])}`);
      return 1;
    }
    write(`error: ${error.message}`);
    for (const line of detailLines(error)) write(`  ${line}`);
    if (error.status === 401 && context.tokenSource) write(`hint: the token came from ${context.tokenSource}; run \`ringmaster login\` to use another`);
    return 1;
  }
  if (error instanceof ApiConnectionError || error instanceof CliError) {
    write(`error: ${error.message}`);
    if (error instanceof CliError) for (const line of error.lines) write(line);
    return error instanceof CliError ? error.exitCode : 1;
  }
  // A bug: say so plainly, with the stack to report.
  write(`error: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return 1;
}

/**
 * The details that add something to the message: `field: message` or
 * `key=value, …`, without repeats, and without those whose every value the
 * message already says (`field=ring, value=prd` after "no ring 'prd'").
 */
function detailLines(error: ApiError): string[] {
  const says = (value: unknown) => typeof value === 'string' && error.message.includes(value);
  const lines = error.details.map((d) => {
    if (typeof d['field'] === 'string' && typeof d['message'] === 'string') return `${d['field']}: ${d['message']}`;
    const values = Object.entries(d).filter(([key]) => key !== 'field');
    if (values.length > 0 && values.every(([, value]) => says(value))) return '';
    return Object.entries(d).map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`).join(', ');
  });
  return [...new Set(lines)].filter((line) => line !== '' && !error.message.includes(line));
}

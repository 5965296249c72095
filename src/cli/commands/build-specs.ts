/**
 * The short forms `build register` takes on the command line, parsed without
 * I/O: `--artifact image=registry/api:1.4.0` and
 * `--stage unit-tests=passed,tests=118/0/2,coverage=84.5,url=https://…`.
 * A bad spec throws InvalidArgumentError naming the bad part (a usage error).
 */
import { InvalidArgumentError } from 'commander';
import { ARTIFACT_KIND, MAX_URL, STAGE_NAME } from '../../builds/build-schemas.ts';
import { SEVERITIES, STAGE_STATUSES, type StageResult, type StageStatus } from '../../builds/build-types.ts';
import { didYouMean } from '../../products/product-file/suggest.ts';

const STAGE_KEYS = ['tests', 'coverage', ...SEVERITIES, 'url'] as const;
const MAX_COUNT = 1_000_000_000;

export const STAGE_SPEC_HELP = 'name=status[,tests=PASSED/FAILED/SKIPPED][,coverage=PERCENT][,critical=N][,high=N][,medium=N][,low=N][,url=URL]';

/** `kind=reference` → [kind, reference]. */
export function parseArtifactSpec(text: string): [string, string] {
  const eq = text.indexOf('=');
  if (eq < 0) throw new InvalidArgumentError("expected kind=reference, like image=registry.example.com/api:1.4.0");
  const kind = text.slice(0, eq);
  const ref = text.slice(eq + 1);
  if (!new RegExp(ARTIFACT_KIND).test(kind)) throw new InvalidArgumentError(`artifact kind '${kind}' is invalid: use 1 to 32 lowercase letters, digits or '-', starting with a letter`);
  if (ref === '' || ref.length > MAX_URL || /\s/.test(ref)) throw new InvalidArgumentError(`the ${kind} reference must be 1 to ${MAX_URL} characters without spaces`);
  return [kind, ref];
}

/** `url=` comes last and takes the rest, so a URL may hold ',' and '='. */
export function parseStageSpec(text: string): StageResult {
  const urlAt = text.search(/(^|,)url=/);
  const head = urlAt < 0 ? text : text.slice(0, urlAt);
  const url = urlAt < 0 ? undefined : text.slice(text.indexOf('url=', urlAt) + 'url='.length);
  const [first = '', ...rest] = head.split(',');
  const eq = first.indexOf('=');
  if (eq < 0) throw new InvalidArgumentError(`'${first}' should be name=status, like unit-tests=passed`);
  const name = first.slice(0, eq);
  const status = first.slice(eq + 1);
  if (!new RegExp(STAGE_NAME).test(name)) throw new InvalidArgumentError(`stage name '${name}' is invalid: use 1 to 64 letters, digits, '.', '_' or '-'`);
  if (!(STAGE_STATUSES as readonly string[]).includes(status)) {
    throw new InvalidArgumentError(`status '${status}' of stage ${name} is not one of ${STAGE_STATUSES.join(', ')}${didYouMean(status, STAGE_STATUSES)}`);
  }
  const stage: StageResult = { name, status: status as StageStatus };
  const seen = new Set<string>();
  for (const part of rest) {
    const at = part.indexOf('=');
    const key = at < 0 ? part : part.slice(0, at);
    const value = at < 0 ? '' : part.slice(at + 1);
    if (!(STAGE_KEYS as readonly string[]).includes(key)) {
      throw new InvalidArgumentError(`'${part}': unknown key '${key}' in stage ${name}; use ${STAGE_KEYS.join(', ')}${didYouMean(key, STAGE_KEYS)}`);
    }
    if (seen.has(key)) throw new InvalidArgumentError(`'${key}' is given twice in stage ${name}`);
    seen.add(key);
    if (key === 'tests') {
      const counts = /^(\d+)\/(\d+)\/(\d+)$/.exec(value);
      if (!counts) throw new InvalidArgumentError(`'${part}': tests must be PASSED/FAILED/SKIPPED counts, like tests=118/0/2`);
      stage.tests = { passed: count(counts[1]!, part), failed: count(counts[2]!, part), skipped: count(counts[3]!, part) };
    } else if (key === 'coverage') {
      const percent = Number(value);
      if (!/^\d+(\.\d+)?$/.test(value) || percent > 100) throw new InvalidArgumentError(`'${part}': coverage must be a percentage from 0 to 100, like coverage=84.5`);
      stage.coverage = percent;
    } else {
      if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`'${part}': ${key} must be a whole number of findings, like ${key}=0`);
      stage.vulnerabilities = { ...stage.vulnerabilities, [key]: count(value, part) };
    }
  }
  if (url !== undefined) {
    if (url === '' || url.length > MAX_URL || /\s/.test(url)) throw new InvalidArgumentError(`the url of stage ${name} must be 1 to ${MAX_URL} characters without spaces`);
    stage.url = url;
  }
  return stage;
}

function count(digits: string, part: string): number {
  const n = Number(digits);
  if (n > MAX_COUNT) throw new InvalidArgumentError(`'${part}': counts are at most ${MAX_COUNT}`);
  return n;
}

/** For commander: each repeated flag adds to the list. */
export function collect<T>(parse: (text: string) => T): (text: string, previous: T[] | undefined) => T[] {
  return (text, previous) => [...(previous ?? []), parse(text)];
}

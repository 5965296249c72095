import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createLogSink, redactSecrets } from './log-sink.ts';

const UNCAPPED = Number.MAX_SAFE_INTEGER;

/** Written in the given pieces, flushed once at the end. */
function through(pieces: readonly string[], secrets: readonly string[], maxBytes = UNCAPPED): { text: string; truncated: boolean } {
  const sink = createLogSink({ secrets, maxBytes });
  for (const piece of pieces) sink.write(piece);
  return { text: sink.flush(), truncated: sink.truncated };
}

/** The reference: mark every character of every occurrence, one `***` per marked run. Slow and obvious. */
function referenceRedact(text: string, secrets: readonly string[]): string {
  const marked = Array.from({ length: text.length }, () => false);
  for (const secret of secrets) {
    if (secret === '') continue;
    for (let i = 0; i + secret.length <= text.length; i++) {
      if (text.slice(i, i + secret.length) === secret) for (let j = i; j < i + secret.length; j++) marked[j] = true;
    }
  }
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (!marked[i]) out += text[i];
    else if (i === 0 || !marked[i - 1]) out += '***';
  }
  return out;
}

function splitAt(text: string, cuts: readonly number[]): string[] {
  const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const pieces: string[] = [];
  let from = 0;
  for (const point of points) {
    pieces.push(text.slice(from, point));
    from = point;
  }
  pieces.push(text.slice(from));
  return pieces;
}

describe('createLogSink', () => {
  const cases: { name: string; secrets: string[]; pieces: string[]; text: string }[] = [
    { name: 'passes text through without secrets', secrets: [], pieces: ['hello ', 'world\n'], text: 'hello world\n' },
    { name: 'redacts a secret in one write', secrets: ['s3cr3t'], pieces: ['token=s3cr3t ok\n'], text: 'token=*** ok\n' },
    { name: 'redacts a secret split across two writes', secrets: ['s3cr3t'], pieces: ['token=s3c', 'r3t ok\n'], text: 'token=*** ok\n' },
    { name: 'redacts a secret written a character at a time', secrets: ['s3cr3t'], pieces: [...'a s3cr3t b'], text: 'a *** b' },
    { name: 'redacts every occurrence', secrets: ['pw'], pieces: ['pw and pw\n'], text: '*** and ***\n' },
    { name: 'redacts every secret', secrets: ['alpha', 'beta'], pieces: ['alpha, beta, gamma'], text: '***, ***, gamma' },
    { name: 'hides overlapping secrets whole', secrets: ['abc', 'bcd'], pieces: ['xab', 'cdy'], text: 'x***y' },
    { name: 'hides a secret inside a longer one', secrets: ['secret', 'cre'], pieces: ['my secret'], text: 'my ***' },
    { name: 'writes one *** for adjacent secrets', secrets: ['ab'], pieces: ['ab', 'ab', '!'], text: '***!' },
    { name: 'ignores empty secrets', secrets: ['', 'x'], pieces: ['a x b'], text: 'a *** b' },
    { name: 'releases a partial secret at flush', secrets: ['s3cr3t'], pieces: ['ends with s3cr'], text: 'ends with s3cr' },
    { name: 'keeps multi-byte text intact', secrets: ['€€'], pieces: ['price: €', '€ or 5 €'], text: 'price: *** or 5 €' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { text, truncated } = through(c.pieces, c.secrets);
      assert.equal(text, c.text);
      assert.equal(truncated, false);
    });
  }

  it('returns only the text since the last flush', () => {
    const sink = createLogSink({ secrets: ['pw'], maxBytes: UNCAPPED });
    sink.write('one pw\n');
    assert.equal(sink.flush(), 'one ***\n');
    assert.equal(sink.flush(), '');
    sink.write('two\n');
    assert.equal(sink.flush(), 'two\n');
  });

  const capped: { name: string; maxBytes: number; secrets: string[]; pieces: string[]; text: string; truncated: boolean }[] = [
    { name: 'cuts at the cap and says so on its own line', maxBytes: 10, secrets: [], pieces: ['hello world, more'], text: 'hello worl\n[log truncated: more than 10 bytes]\n', truncated: true },
    { name: 'adds no blank line after a newline', maxBytes: 4, secrets: [], pieces: ['abc\n', 'def'], text: 'abc\n[log truncated: more than 4 bytes]\n', truncated: true },
    { name: 'keeps text that exactly fills the cap', maxBytes: 5, secrets: [], pieces: ['hel', 'lo'], text: 'hello', truncated: false },
    { name: 'never splits a character', maxBytes: 3, secrets: [], pieces: ['a€b'], text: 'a\n[log truncated: more than 3 bytes]\n', truncated: true },
    { name: 'counts bytes, not characters', maxBytes: 4, secrets: [], pieces: ['a€b'], text: 'a€\n[log truncated: more than 4 bytes]\n', truncated: true },
    { name: 'redacts before cutting', maxBytes: 9, secrets: ['supersecret'], pieces: ['key=supers', 'ecret and more'], text: 'key=*** a\n[log truncated: more than 9 bytes]\n', truncated: true },
  ];
  for (const c of capped) {
    it(c.name, () => assert.deepEqual(through(c.pieces, c.secrets, c.maxBytes), { text: c.text, truncated: c.truncated }));
  }

  it('counts the cap over the whole life of the sink and says it once', () => {
    const sink = createLogSink({ secrets: [], maxBytes: 6 });
    sink.write('abc\n');
    assert.equal(sink.flush(), 'abc\n');
    sink.write('defgh');
    assert.equal(sink.flush(), 'de\n[log truncated: more than 6 bytes]\n');
    assert.equal(sink.truncated, true);
    sink.write('more and more');
    assert.equal(sink.flush(), '');
  });
});

describe('createLogSink properties', () => {
  // No '*' in secrets: a secret made of asterisks would match the replacement itself.
  const secretArb = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'é', '€', '🚀'), minLength: 1, maxLength: 6 });
  const secretsArb = fc.uniqueArray(secretArb, { minLength: 1, maxLength: 4 });
  const fillerArb = fc.string({ unit: fc.constantFrom('a', 'b', 'x', ' ', '\n', 'é', '🚀'), maxLength: 8 });
  /** Text made of filler and secrets, so secrets (and near misses) occur often. */
  const caseArb = secretsArb.chain((secrets) =>
    fc.record({
      secrets: fc.constant(secrets),
      text: fc.array(fc.oneof(fillerArb, fc.constantFrom(...secrets)), { maxLength: 12 }).map((parts) => parts.join('')),
      cuts: fc.array(fc.nat(), { maxLength: 10 }),
    }),
  );

  it('never shows a secret and matches a one-shot redaction, however the text is chunked', () => {
    fc.assert(
      fc.property(caseArb, ({ secrets, text, cuts }) => {
        const { text: out, truncated } = through(splitAt(text, cuts), secrets);
        assert.equal(truncated, false);
        for (const secret of secrets) assert.ok(!out.includes(secret), `${JSON.stringify(secret)} shown in ${JSON.stringify(out)}`);
        assert.equal(out, referenceRedact(text, secrets));
        assert.equal(out, redactSecrets(text, secrets));
      }),
      { numRuns: 500 },
    );
  });

  it('treats each flush as a boundary', () => {
    fc.assert(
      fc.property(caseArb, fc.array(fc.nat(), { maxLength: 4 }), ({ secrets, text, cuts }, flushes) => {
        const sink = createLogSink({ secrets, maxBytes: UNCAPPED });
        let out = '';
        for (const segment of splitAt(text, flushes)) {
          for (const piece of splitAt(segment, cuts)) sink.write(piece);
          out += sink.flush();
        }
        assert.equal(out, splitAt(text, flushes).map((segment) => referenceRedact(segment, secrets)).join(''));
      }),
    );
  });

  it('keeps exactly the start of the redacted text that fits under the cap, then one marker line', () => {
    fc.assert(
      fc.property(caseArb, fc.nat({ max: 60 }), ({ secrets, text, cuts }, maxBytes) => {
        const full = referenceRedact(text, secrets);
        const { text: out, truncated } = through(splitAt(text, cuts), secrets, maxBytes);
        assert.equal(truncated, Buffer.byteLength(full) > maxBytes);
        if (!truncated) return assert.equal(out, full);
        let kept = '';
        for (const char of full) {
          if (Buffer.byteLength(kept + char) > maxBytes) break;
          kept += char;
        }
        const separator = kept === '' || kept.endsWith('\n') ? '' : '\n';
        assert.equal(out, `${kept}${separator}[log truncated: more than ${maxBytes} bytes]\n`);
      }),
    );
  });
});

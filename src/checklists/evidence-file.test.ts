import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { InputError } from '../platform/errors/errors.ts';
import { checkLink, checkMediaType, contentDisposition, decodeEvidence, formatBytes, MAX_EVIDENCE_BYTES, sanitizeFileName } from './evidence-file.ts';

describe('evidence files', () => {
  const names: [given: string, kept: string][] = [
    ['report.pdf', 'report.pdf'],
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\qa\\load test.html', 'load test.html'],
    ['.hidden', 'hidden'],
    ['...', 'evidence'],
    ['dir/', 'evidence'],
    ['say "hi".txt', 'say _hi_.txt'],
    ['tab\there\u0000.log', 'tab_here_.log'],
    ['rapport-é.txt', 'rapport-é.txt'],
    ['x'.repeat(300), 'x'.repeat(200)],
  ];
  for (const [given, kept] of names) {
    it(`keeps ${JSON.stringify(given.slice(0, 30))} as ${JSON.stringify(kept.slice(0, 30))}`, () => assert.equal(sanitizeFileName(given), kept));
  }

  it('takes a media type, lower-cased without parameters, defaulting to octet-stream', () => {
    assert.equal(checkMediaType(undefined), 'application/octet-stream');
    assert.equal(checkMediaType('  '), 'application/octet-stream');
    assert.equal(checkMediaType('Text/HTML; charset=utf-8'), 'text/html');
    assert.equal(checkMediaType('application/vnd.ms-excel'), 'application/vnd.ms-excel');
    for (const bad of ['text', 'text/', '/plain', 'text/plain/x', 'té/x', 'a b/c']) assert.throws(() => checkMediaType(bad), InputError, bad);
  });

  it('decodes base64 and records the size and hash', () => {
    const bytes = Buffer.from([0, 1, 2, 250, 255]);
    const decoded = decodeEvidence({ name: 'a.bin', contentBase64: bytes.toString('base64') });
    assert.ok(decoded.bytes.equals(bytes));
    assert.equal(decoded.sha256, createHash('sha256').update(bytes).digest('hex'));
    assert.equal(decoded.mediaType, 'application/octet-stream');
  });

  it('takes files up to 2 MiB and refuses larger, empty or malformed ones with the reason', () => {
    assert.equal(decodeEvidence({ name: 'max', contentBase64: Buffer.alloc(MAX_EVIDENCE_BYTES).toString('base64') }).bytes.length, MAX_EVIDENCE_BYTES);
    assert.throws(() => decodeEvidence({ name: 'big', contentBase64: Buffer.alloc(MAX_EVIDENCE_BYTES + 1).toString('base64') }), /big is 2\.0 MiB \(2097153 bytes\); an evidence file may be at most/);
    assert.throws(() => decodeEvidence({ name: 'e', contentBase64: '' }), /e is empty/);
    for (const bad of ['abc', 'ab$=', 'YQ', 'YQ===', 'Y Q==', 'YQ==YQ==', '-_8=']) assert.throws(() => decodeEvidence({ name: 'x', contentBase64: bad }), /the content of x is not base64/, bad);
  });

  it('takes http(s) links only', () => {
    assert.equal(checkLink(' https://ci.example/runs/1 '), 'https://ci.example/runs/1');
    assert.equal(checkLink('http://10.0.0.1:8080/x?y=1'), 'http://10.0.0.1:8080/x?y=1');
    for (const bad of ['ftp://x/y', 'javascript:alert(1)', 'ci.example/runs', 'https://', `https://x/${'a'.repeat(2000)}`, 'file:///etc/passwd']) {
      assert.throws(() => checkLink(bad), /the link must be an http:\/\/ or https:\/\/ URL/, bad);
    }
  });

  it('names the download with an ASCII fallback and the exact name', () => {
    assert.equal(contentDisposition('report.pdf'), `attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`);
    assert.equal(contentDisposition("rapport-é (1)'s.txt"), `attachment; filename="rapport-_ (1)'s.txt"; filename*=UTF-8''rapport-%C3%A9%20%281%29%27s.txt`);
  });

  it('gives sizes in readable units', () => {
    assert.deepEqual([512, 1536, 2 * 1024 * 1024].map(formatBytes), ['512 B', '1.5 KiB', '2.0 MiB']);
  });
});

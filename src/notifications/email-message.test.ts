import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EventRecord } from '../events/event-types.ts';
import { emailContent } from './email-message.ts';

const event = (over: Partial<EventRecord>): EventRecord => ({
  id: 42,
  at: '2026-11-23T10:30:00.000Z',
  actor: 'ringmaster',
  type: 'vote.decided',
  subject: 'release/daily-train/1.5.0',
  summary: 'daily-train 1.5.0 production: no-go (qa vetoed)',
  data: { product: 'daily-train', version: '1.5.0', ring: 'production', decision: 'no-go', reason: 'qa vetoed' },
  ...over,
});

describe('emailContent', () => {
  const subjects: [string, Partial<EventRecord>, string][] = [
    ['a vote outcome names the decision', {}, '[Ringmaster] daily-train 1.5.0: vote decided no-go'],
    ['a window event of a release', { type: 'window.opened', data: { product: 'daily-train', version: '1.5.0' } }, '[Ringmaster] daily-train 1.5.0: window opened'],
    ['the version from the subject when data lacks it', { type: 'release.scheduled', data: { product: 'daily-train' } }, '[Ringmaster] daily-train 1.5.0: release scheduled'],
    ['a train event has no version', { type: 'train.stopped', subject: 'train/daily-train', data: { product: 'daily-train' } }, '[Ringmaster] daily-train: train stopped'],
    ['line breaks cannot reach the header', { type: 'vote.decided', data: { product: 'daily-train', version: '1.5.0', decision: 'go\r\nBcc: x@example.com' } }, '[Ringmaster] daily-train 1.5.0: vote decided go Bcc: x@example.com'],
  ];
  for (const [what, over, subject] of subjects) {
    it(`subject: ${what}`, () => assert.equal(emailContent(event(over), 'daily-train', undefined).subject, subject));
  }

  it('writes the summary, the key facts and the link to the release page', () => {
    const { text } = emailContent(event({}), 'daily-train', 'https://rm.example.com/');
    assert.equal(
      text,
      [
        'daily-train 1.5.0 production: no-go (qa vetoed)',
        '',
        'Product:  daily-train',
        'Version:  1.5.0',
        'Ring:     production',
        'Event:    vote.decided (#42)',
        'When:     2026-11-23T10:30:00.000Z',
        'By:       ringmaster',
        'decision: no-go',
        'reason:   qa vetoed',
        '',
        'Release page: https://rm.example.com/products/daily-train/releases/1.5.0',
        '',
        '-- ',
        'Sent by Ringmaster for a notifier in the product file.',
        '',
      ].join('\n'),
    );
  });

  it('links the product page for product-wide events, and nothing without a public URL', () => {
    const train = event({ type: 'train.stopped', subject: 'train/daily-train', data: { product: 'daily-train' } });
    assert.match(emailContent(train, 'daily-train', 'http://rm:8080').text, /^Product page: http:\/\/rm:8080\/products\/daily-train$/m);
    assert.doesNotMatch(emailContent(event({}), 'daily-train', undefined).text, /page:/);
  });

  it('keeps facts to scalar values of one line, clipped', () => {
    const { text } = emailContent(event({ data: { product: 'daily-train', nested: { a: 1 }, list: [1, 2], long: 'x'.repeat(500), multi: 'a\nb' } }), 'daily-train', undefined);
    assert.doesNotMatch(text, /nested|list/);
    assert.match(text, /^long: {4}x{200}…$/m);
    assert.match(text, /^multi: {3}a b$/m);
  });
});

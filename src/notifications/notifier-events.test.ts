import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ANNOUNCEMENT_EVENTS, type NotifierSpec } from '../products/product-spec.ts';
import { eventProduct, matchesEventType, notifierEvents, recipients, webhookHost } from './notifier-events.ts';

const hook = (name: string, events: string[] = []): NotifierSpec => ({ name, kind: 'webhook', url: 'http://127.0.0.1:9/hook', secret: null, events });
const mail = (name: string, events: string[] = []): NotifierSpec => ({ name, kind: 'email', to: ['ops@example.com'], events });

describe('matchesEventType', () => {
  const table: [string[], string, boolean][] = [
    [['vote.decided'], 'vote.decided', true],
    [['vote.decided'], 'vote.opened', false],
    [['vote.*'], 'vote.opened', true],
    [['vote.*'], 'vote.decided', true],
    [['vote.*'], 'votes.opened', false],
    [['vote.*'], 'vote', false],
    [['rollout.*', 'release.created'], 'release.created', true],
    [['rollout.*', 'release.created'], 'release.blessed', false],
    [['*'], 'token.created', true],
    [[], 'vote.decided', false],
    // A prefix is a whole segment: `vote.` alone is no pattern.
    [['vote.'], 'vote.decided', false],
  ];
  for (const [patterns, type, expected] of table) {
    it(`[${patterns.join(', ')}] ${expected ? 'matches' : 'does not match'} ${type}`, () => assert.equal(matchesEventType(patterns, type), expected));
  }
});

describe('notifierEvents', () => {
  it('is the announcements when a notifier names none, else what it names', () => {
    assert.deepEqual(notifierEvents(hook('a')), [...ANNOUNCEMENT_EVENTS]);
    assert.deepEqual(notifierEvents(hook('a', ['rollout.*'])), ['rollout.*']);
  });
});

describe('eventProduct', () => {
  const table: [string, Record<string, unknown>, string | null][] = [
    ['release/daily-train/1.5.0', { product: 'daily-train' }, 'daily-train'],
    ['release/daily-train/1.5.0', {}, 'daily-train'],
    ['train/daily-train', {}, 'daily-train'],
    ['product/maya-online', {}, 'maya-online'],
    ['target/maya-online/edge-1', {}, 'maya-online'],
    ['notifier/maya-online/ops-hook', {}, 'maya-online'],
    ['build/maya-online/api/1.2.0', {}, 'maya-online'],
    ['user/alice', {}, null],
    ['token/123', {}, null],
    ['user/alice', { product: 'x' }, 'x'],
    ['user/alice', { product: 42 }, null],
  ];
  for (const [subject, data, expected] of table) {
    it(`${subject} ${JSON.stringify(data)} → ${expected}`, () => assert.equal(eventProduct({ subject, data }), expected));
  }
});

describe('recipients', () => {
  const notifiers = [hook('ops-hook', ['vote.decided', 'notification.*']), mail('release-mail'), hook('all', ['*'])];
  const names = (type: string, data: Record<string, unknown> = {}, emailEnabled = true) => recipients({ type, data }, notifiers, { emailEnabled }).map((n) => n.name);

  it('sends each notifier the events it asks for', () => {
    assert.deepEqual(names('vote.decided'), ['ops-hook', 'release-mail', 'all']);
    assert.deepEqual(names('window.opened'), ['release-mail', 'all']);
    assert.deepEqual(names('deployment.started'), ['all']);
  });

  it('leaves email notifiers out while email is off', () => {
    assert.deepEqual(names('vote.decided', {}, false), ['ops-hook', 'all']);
  });

  it("never sends a notifier news of its own deliveries, but does tell the others", () => {
    assert.deepEqual(names('notification.failed', { notifier: 'ops-hook' }), ['all']);
    assert.deepEqual(names('notification.failed', { notifier: 'all' }), ['ops-hook']);
  });
});

describe('webhookHost', () => {
  const table: [string, string][] = [
    ['https://hooks.slack.com/services/T000/B000/XXXXSECRET', 'https://hooks.slack.com/…'],
    ['http://127.0.0.1:8099/hook?token=abc', 'http://127.0.0.1:8099/…'],
    ['https://user:pass@example.com/', 'https://example.com'],
    ['https://example.com', 'https://example.com'],
    ['not a url', '(not a URL)'],
  ];
  for (const [url, shown] of table) it(`${url} → ${shown}`, () => assert.equal(webhookHost(url), shown));
});

/**
 * The notes input that the build and render tests share: shop 2.4.0 against
 * 2.3.0 in production, db unchanged, api 1.3.0 → 1.4.0 and web new at 2.0.0,
 * with each test's own commits. Test support only.
 */
import type { BuildCommit } from '../../builds/build-types.ts';
import type { NotesInput } from '../build-notes.ts';

export function shopNotesInput(commits: { api: BuildCommit[]; web: BuildCommit[] }): NotesInput {
  return {
    product: { name: 'shop', description: 'The web shop.' },
    release: { version: '2.4.0', state: 'candidate' },
    ring: 'production',
    against: '2.3.0',
    changes: [
      { component: 'db', from: '1.0.0', to: '1.0.0', commits: [] },
      { component: 'api', from: '1.3.0', to: '1.4.0', commits: commits.api },
      { component: 'web', from: null, to: '2.0.0', commits: commits.web },
    ],
  };
}

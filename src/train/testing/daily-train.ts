/**
 * The daily train of the design, for tests: weekdays, cut at 15:00, Go/No-Go
 * at 16:00, deploy at 17:00 Asia/Kolkata into production. Test support only.
 */
import type { TrainSpec } from '../../products/product-spec.ts';

export function dailyTrain(overrides: Partial<TrainSpec> = {}): TrainSpec {
  return {
    ring: 'production',
    timezone: 'Asia/Kolkata',
    cut: '0 15 * * 1-5',
    vote: '0 16 * * 1-5',
    deploy: '0 17 * * 1-5',
    bump: 'minor',
    branch: 'main',
    graceSeconds: 3_600,
    freezes: [],
    ...overrides,
  };
}

/**
 * The daily train's checklists (shared/DESIGN.md): what a ring's checklist
 * gate asks of module lead, SRE and QA when the product file lists no items
 * of its own for them.
 */
import type { ChecklistItemSpec } from '../products/product-spec.ts';

function item(id: string, text: string, evidence: ChecklistItemSpec['evidence'] = 'optional'): ChecklistItemSpec {
  return { id, text, required: true, evidence };
}

export const DEFAULT_CHECKLISTS: Readonly<Record<string, readonly ChecklistItemSpec[]>> = {
  'module-lead': [
    item('unit-tests', 'Unit tests added for this release are captured'),
    item('change-descriptions', 'Every change has a description and a linked work item'),
    item('version-bump', 'The major, minor or patch bump is stated'),
  ],
  sre: [
    item('branch-and-tag', 'Release branch and annotated tag created'),
    item('release-notes', 'Release notes ready to publish'),
    item('recovery-and-on-call', 'Disaster-recovery plan and on-call group named'),
    item('deployment-provisions', 'Special deployment provisions gathered'),
  ],
  qa: [
    item('automation-passed', 'Automation suite passed against this build in pre-production'),
    item('sanity-owner', 'A post-deployment sanity owner is named'),
    item('load-test-report', 'Load test report attached', 'required'),
  ],
};

/**
 * Checklist gate: every required item of every named role's list is ticked
 * (with its evidence, where the item asks for some) by someone holding the role.
 */
import { firstAndMore, plural } from './gate-format.ts';
import type { GateEvaluator, GateVerdict } from './gate-types.ts';
import { verdict } from './gate-verdict.ts';

export const evaluateChecklistGate: GateEvaluator<'checklist'> = (gate, context): GateVerdict => {
  const ticked = new Map(context.ticks.map((t) => [`${t.role}\u0000${t.item}`, t]));
  const open: string[] = [];
  let required = 0;
  let unticked = 0;
  for (const role of gate.roles) {
    const missing: string[] = [];
    for (const item of gate.items[role] ?? []) {
      if (!item.required) continue;
      required++;
      const tick = ticked.get(`${role}\u0000${item.id}`);
      if (tick === undefined) missing.push(item.id);
      else if (item.evidence === 'required' && !tick.evidence) missing.push(`${item.id} (needs evidence)`);
    }
    unticked += missing.length;
    if (missing.length > 0) open.push(`${role}: ${missing.join(', ')}`);
  }
  if (open.length === 0) return verdict(gate, 'pass', `${plural(required, 'required item')} ticked by ${gate.roles.join(', ')}`);
  return verdict(gate, 'waiting', `${plural(unticked, 'required item')} not ticked: ${firstAndMore(open)}`);
};

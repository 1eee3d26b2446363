// The CRM custom fields a handoff's context package is written to (dates formatted here, at the edge, not in the pure chart).
import type { ContextPackage } from '../../domain/types';

/** CRM custom fields: the whole package as JSON plus the fields a human reads at a glance. */
export function packageCrmFields(pkg: ContextPackage): Record<string, string> {
  const { facts } = pkg;
  return {
    baton_owner: pkg.to,
    baton_handoff_context: JSON.stringify(pkg),
    baton_context_expires_at: new Date(pkg.expiresAt).toISOString(),
    baton_temperature: pkg.scores.temperature,
    baton_budget_max: facts.budget === undefined ? '' : String(facts.budget.max),
    baton_timeline: facts.timeline === undefined ? '' : facts.timeline.text,
    baton_preapproved: facts.preapproval === undefined ? '' : String(facts.preapproval),
  };
}

// Turns known facts into short SMS phrases ("around $450k", "within 3 months") for acknowledgements.
import type { BudgetFact, Facts, TimelineFact } from '../domain/types';

export function money(n: number): string {
  if (n >= 1_000_000) return `$${Number((n / 1_000_000).toFixed(2))}M`;
  if (n >= 1_000) return `$${Math.round(n / 1_000)}k`;
  return `$${n}`;
}

export function budgetPhrase(budget: BudgetFact): string {
  return budget.min === null ? `around ${money(budget.max)}` : `between ${money(budget.min)} and ${money(budget.max)}`;
}

export function timelinePhrase(timeline: TimelineFact): string {
  if (timeline.months === 0) return 'as soon as possible';
  if (/^\d+(?:\.\d+)?\s?(?:-\s?\d+\s?)?(?:days?|weeks?|months?|years?)$/.test(timeline.text)) return `within ${timeline.text}`;
  return timeline.text.length <= 30 ? timeline.text : `within about ${timeline.months} months`;
}

/** "you're looking around $450k within 3 months and already pre-approved" — or null when nothing is known. */
export function knownSummary(facts: Facts): string | null {
  const parts: string[] = [];
  const looking: string[] = [];
  if (facts.budget !== undefined) looking.push(budgetPhrase(facts.budget));
  if (facts.area !== undefined) looking.push(`in ${facts.area}`);
  if (facts.timeline !== undefined) looking.push(timelinePhrase(facts.timeline));
  if (looking.length > 0) parts.push(`you're looking ${looking.join(' ')}`);
  // Alone it needs its own subject ("I see you're already pre-approved"); after "you're looking ..." it reads on.
  if (facts.preapproval === true) parts.push(looking.length > 0 ? 'already pre-approved' : "you're already pre-approved");
  if (facts.motivation !== undefined) parts.push(`the move is about ${facts.motivation}`);
  if (facts.condition !== undefined) parts.push(`the home is ${facts.condition}`);
  if (facts.price !== undefined) parts.push(`you're hoping for about ${money(facts.price)}`);
  if (parts.length === 0) return null;
  if (parts.length === 1) return parts[0] ?? null;
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1] ?? ''}`;
}

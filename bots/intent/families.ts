// Pattern families: the named phrase family behind a prediction (`buyer.preapproval`), for pattern learning and the "why".
import type { IntentClass } from '../../domain/intent-model';

interface Family {
  name: string;
  /** Matched against the words and word pairs that carried the prediction (accents folded, `_` between pair words). */
  stems: RegExp;
}

/** Per class, the families in no particular order: the strongest piece of evidence that matches one names the pattern. */
const FAMILIES: Partial<Record<IntentClass, readonly Family[]>> = {
  buyer: [
    { name: 'preapproval', stems: /pre_?approv|preapprov|prequal|pre_?qual|preaprob|lender|loan|mortgage|hipoteca|credito|fha|va_loan/ },
    { name: 'budget', stems: /#money|budget|afford|presupuesto|price_range|down_?payment|enganche/ },
    { name: 'first_home', stems: /first_time|first_home|primera_casa|primer_hogar/ },
    { name: 'showing', stems: /showing|tour|listing|listings|open_house|ver_casas|see_(?:it|the|some)|visit/ },
    { name: 'relocation', stems: /relocat|transfer|moving_to|mudar|mudamos|nos_mudamos/ },
    { name: 'home_search', stems: /bed|bd|br|bath|recamara|cuartos|condo|townhouse|looking_for|buscando|busco/ },
    { name: 'buy', stems: /buy|purchas|compra|comprar/ },
  ],
  seller: [
    { name: 'home_value', stems: /worth|value|valor|vale|apprais|cma|estimate/ },
    { name: 'cash_offer', stems: /offer|cash|oferta|efectivo/ },
    { name: 'inherited', stems: /inherit|hered|estate/ },
    { name: 'unload', stems: /gone|unload|get_rid|deshacer|rental|tenant|inquilin/ },
    { name: 'listing', stems: /list|listar|market/ },
    { name: 'sell_my_house', stems: /sell|sold|vend|venta/ },
  ],
  both: [
    { name: 'move_up', stems: /bigger|upgrade|outgr|more_room|mas_grande|larger|space/ },
    { name: 'downsize', stems: /downsiz|smaller|chiquit|pequen|empty_nest|retir/ },
    { name: 'relocation', stems: /relocat|transfer|moving|mudar|mudamos|out_of_state/ },
    { name: 'sell_and_buy', stems: /sell|vend|buy|compr/ },
  ],
  human: [
    { name: 'distress', stems: /foreclos|bankrupt|probate|attorney|lawyer|divorc|behind|evict|lien|short_sale|abogad|bancarrota|embarg|divorci|passed|died|death|fallec|murio/ },
    { name: 'call_request', stems: /call|llam|phone|telefono|ring/ },
    { name: 'bot_suspicion', stems: /bot|robot|\bai\b|automat|machine|maquina/ },
    { name: 'person_request', stems: /person|human|agent|someone|somebody|realtor|manager|persona|agente|alguien|gerente|jorge/ },
  ],
};

/** `class.family` for the strongest evidence that belongs to a family, else `class.general`. */
export function patternFor(target: IntentClass, evidence: ReadonlyArray<{ feature: string }>): string {
  const families = FAMILIES[target] ?? [];
  for (const { feature } of evidence) {
    if (!feature.startsWith('w:') && !feature.startsWith('b:')) continue;
    const words = feature.slice(2).replace(/^!/, '');
    const family = families.find((f) => f.stems.test(words));
    if (family !== undefined) return `${target}.${family.name}`;
  }
  return `${target}.general`;
}

/** Every pattern name the classifier can produce (a closed set, so learned thresholds never key on free text). */
export const PATTERN_NAMES: readonly string[] = Object.entries(FAMILIES).flatMap(([target, families]) => [
  ...(families ?? []).map((f) => `${target}.${f.name}`),
  `${target}.general`,
]);

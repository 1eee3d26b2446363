// The weighted phrase patterns behind the intent classifier, written against normalize()d text.
import type { HandoffTarget } from '../domain/types';

export interface PhrasePattern {
  /** Stable id, reported as Intent.pattern and used to learn per-pattern thresholds. */
  readonly id: string;
  readonly side: HandoffTarget;
  /**
   * Evidence on its own, in [0, 1]. One clear statement of intent is >= 0.8 so it passes every
   * route threshold alone; supporting cues (an amount, a bedroom count) stay below 0.6 and only
   * add up with others. Several cues combine as a noisy-OR: 1 - Π(1 - w).
   */
  readonly weight: number;
  /** Matched against the normalised text; `wholeMessage` patterns against its bare words. */
  readonly re: RegExp;
  readonly wholeMessage?: boolean;
}

const HOME =
  '(?:home|house|place|condo|townhouse|townhome|property|duplex|triplex|fourplex|land|lot|apartment|unit|cabin|mobile home|manufactured home|single family home|starter home|fixer upper|fixer|investment property|rental property|rental)';
const HOMES = '(?:homes|houses|places|condos|townhouses|townhomes|properties|duplexes|listings|single family homes)';
const ADJ = '(?:new|first|starter|bigger|smaller|larger|forever|family|single family|good|nice|affordable|cheap|small|big|decent|modern|older|used|current|old|little|rental|investment|\\d ?(?:bed|bedroom|br|bd))';
const AMOUNT = '(?:\\$ ?\\d[\\d,.]*\\s?(?:k|m|mil|million)?|\\b\\d+(?:\\.\\d+)? ?(?:k|m|mil|million)\\b|\\b\\d{3},\\d{3}\\b|\\b\\d00s\\b|\\b\\d{3}s\\b)';
const INTEND =
  '(?:want|wanting|would like|like|love|looking|look|ready|planning|plan|hoping|hope|trying|try|thinking|considering|interested|going|decided|wish|able|start|starting|excited|eager|aiming|fixing)';
const OWNER = '(?:my|our|the|this|his|her|their|that|(?:my |our )?(?:moms|mothers|dads|fathers|parents|grandmas|grandpas|familys))';

const re = (source: string): RegExp => new RegExp(source);

export const PATTERNS: readonly PhrasePattern[] = [
  // ---- buyer: statements of intent
  { id: 'buy.goal_answer', side: 'buyer', weight: 0.85, wholeMessage: true,
    re: re('^(?:yes |yeah |yep |yup |i am |we are |definitely |just )?(?:buying|buyer|buyers|buy|purchasing|purchase|a buyer|to buy|looking to buy|buying a home|buying a house)(?: here| please| thanks| only| for now| yes| yeah| definitely)?$') },
  { id: 'buy.want_to_buy', side: 'buyer', weight: 0.85,
    re: re(`\\b${INTEND}(?: to| at| about| of| in| on| into)? (?:buy|buying|purchase|purchasing)\\b`) },
  { id: 'buy.im_buying', side: 'buyer', weight: 0.8,
    re: re('\\b(?:i am|we are|i will be|we will be|we would be|yes) (?:buying|purchasing|(?:a |the )?(?:cash |first time |home )?buyers?)\\b') },
  { id: 'buy.first_time', side: 'buyer', weight: 0.85, re: re('\\bfirst[- ]time (?:home ?)?buyers?\\b') },
  { id: 'buy.cash_buyer', side: 'buyer', weight: 0.8, re: re('\\bcash buyers?\\b') },
  { id: 'buy.preapproved', side: 'buyer', weight: 0.8, re: re('\\bpre-(?:approved|approval|qualified|qualify)\\b') },
  { id: 'buy.lender', side: 'buyer', weight: 0.7,
    re: re('\\b(?:spoke|spoken|talked|talking|speaking|working|met|meeting) (?:with|to) (?:a |my |our |the )?(?:lender|loan officer|mortgage (?:broker|lender|guy|person|company))\\b') },
  { id: 'buy.loan_type', side: 'buyer', weight: 0.75,
    re: re('\\b(?:fha|va|usda|conventional|jumbo) (?:loan|mortgage|approved|approval)\\b|\\bfha\\b') },
  { id: 'buy.down_payment', side: 'buyer', weight: 0.7,
    re: re('\\bdown ?payment\\b|\\b\\d{1,2} ?(?:%|percent) down\\b|\\b\\d+k down\\b') },
  { id: 'buy.find_home', side: 'buyer', weight: 0.8,
    re: re(`\\b(?:find|finding|looking for|look for|searching for|search for|shopping for|hunting for|need|want|in the market for)(?: me| us)? (?:(?:a|an|the right|some|another|one|our first|my first)(?: ${ADJ})*(?: ${HOME}| ${HOMES})|(?:${ADJ} )*${HOMES})\\b`) },
  { id: 'buy.bedrooms_wanted', side: 'buyer', weight: 0.75,
    re: re('\\b(?:looking for|need|want|searching for|find)(?: a| an| at least)? \\d ?(?:bed|bedroom|br|bd)s?\\b') },
  { id: 'buy.house_hunting', side: 'buyer', weight: 0.85, re: re('\\b(?:house|home) (?:hunting|shopping)\\b|\\bin the market for\\b') },
  { id: 'buy.place_to_buy', side: 'buyer', weight: 0.8, re: re(`\\b(?:${HOME}|something|one) to (?:buy|purchase)\\b`) },
  { id: 'buy.buy_a_home', side: 'buyer', weight: 0.75,
    re: re('\\b(?:buy|buying|purchase|purchasing) (?:a|an|our first|my first|another|something|some|land|new|one)\\b|\\b(?:buy|buying) (?:in|near|around) [a-z]') },
  { id: 'buy.showing', side: 'buyer', weight: 0.8,
    re: re('\\b(?:schedule|set up|book|arrange|request)(?: a| an)? (?:showing|tour|viewing|walkthrough|walk through)\\b') },
  { id: 'buy.see_homes', side: 'buyer', weight: 0.75,
    re: re(`\\b(?:see|tour|view|look at|looking at|check out|visit)(?: the| that| this| some| a few| a couple| a| any)? (?:${HOMES}|${HOME} on)\\b`) },
  // Spanish (and Spanglish): "quiero comprar una casa", "busco comprar".
  { id: 'buy.spanish', side: 'buyer', weight: 0.85,
    re: re('\\b(?:quiero|queremos|quisiera|necesito|necesitamos|busco|buscamos|pienso|pensamos|vamos a) comprar\\b|\\bcomprar (?:una|un|mi|nuestra|la) (?:casa|propiedad|house|home|condo|terreno)\\b|\\bbusco (?:una )?casa\\b') },
  { id: 'buy.interested_home', side: 'buyer', weight: 0.75,
    re: re(`\\binterested in (?:the |a |that |this |some |your )?(?:${HOMES}|listing|${HOME} (?:on|at|in))\\b`) },
  { id: 'buy.see_it', side: 'buyer', weight: 0.5, re: re('\\b(?:see|tour|view) (?:it|them|inside)\\b') },
  { id: 'buy.available', side: 'buyer', weight: 0.65, re: re('\\b(?:still available|is it available|still for sale)\\b') },
  { id: 'buy.listings', side: 'buyer', weight: 0.75,
    re: re('\\b(?:send|show|text|email) (?:me|us)(?: some| any| a few| the| more)? (?:listings?|homes|houses|properties|condos|options)\\b|\\blistings (?:under|below|in|around|near|for)\\b') },
  { id: 'buy.make_offer', side: 'buyer', weight: 0.8, re: re('\\b(?:make|put in|submit|write)(?: an| a)? offer\\b') },
  { id: 'buy.rent_to_own', side: 'buyer', weight: 0.75,
    re: re('\\b(?:instead of renting|tired of renting|stop renting|done renting|own instead|rather own|to own a home|to own instead)\\b') },
  { id: 'buy.contrast', side: 'buyer', weight: 0.85,
    re: re('\\b(?:buying|purchasing|buyer|buy)\\b[^.?!]{0,15}\\bnot (?:selling|a seller|sell)\\b|\\bnot (?:selling|a seller)\\b[^.?!]{0,25}\\b(?:buy|buying|purchas)') },
  { id: 'buy.both', side: 'buyer', weight: 0.7, wholeMessage: true,
    re: re('^(?:both|both actually|actually both|we are doing both|doing both|a bit of both|both buying and selling|buying and selling|selling and buying)$') },
  { id: 'buy.move_into', side: 'buyer', weight: 0.75,
    re: re(`\\b(?:get|getting|move|moving) into (?:a|an|our|my|our first|my first|the right)(?: ${ADJ})* ${HOME}\\b`) },
  { id: 'buy.mortgage_approved', side: 'buyer', weight: 0.75,
    re: re('\\b(?:got |been |were |was |get )?(?:approved|qualified) for (?:a |the |our )?(?:mortgage|home loan|loan)\\b') },
  { id: 'buy.see_listing', side: 'buyer', weight: 0.7,
    re: re('\\b(?:see|tour|view|look at|check out)(?: the| that)? (?:one|place|house|home) (?:on|at)\\b') },
  // ---- buyer: supporting cues (never enough alone)
  { id: 'buy.budget_amount', side: 'buyer', weight: 0.7,
    re: re(`\\b(?:budget|price range|spend|afford|approved for|qualified for|nothing over|no more than|up to)\\b[^.?!]{0,30}${AMOUNT}`) },
  { id: 'buy.price_cap', side: 'buyer', weight: 0.4, re: re(`\\b(?:under|below|less than|max|maximum|around|about|in the)\\s?${AMOUNT}`) },
  { id: 'buy.bedrooms', side: 'buyer', weight: 0.35, re: re('\\b\\d ?(?:bed|beds|bedroom|bedrooms|br|bd)\\b') },
  { id: 'buy.amount', side: 'buyer', weight: 0.25, re: re(AMOUNT) },
  { id: 'buy.budget_word', side: 'buyer', weight: 0.25, re: re('\\bbudget\\b') },
  { id: 'buy.buying_word', side: 'buyer', weight: 0.55, re: re('\\b(?:buy|buying|purchase|purchasing|buyer)\\b') },

  // ---- seller: statements of intent
  { id: 'sell.goal_answer', side: 'seller', weight: 0.85, wholeMessage: true,
    re: re('^(?:yes |yeah |yep |yup |i am |we are |definitely |just )?(?:selling|seller|sellers|sell|a seller|to sell|looking to sell|listing|selling a home|selling my house|selling my home)(?: here| please| thanks| only| for now| yes| yeah| definitely)?$') },
  { id: 'sell.need_to_sell', side: 'seller', weight: 0.9,
    re: re('\\b(?:need|needs|have|has|got|must|going to have) to (?:sell|list)\\b') },
  { id: 'sell.want_to_sell', side: 'seller', weight: 0.85,
    re: re(`\\b${INTEND}(?: to| about| of| in| on| into)? (?:sell|selling|list|listing)\\b`) },
  { id: 'sell.sell_my_home', side: 'seller', weight: 0.85,
    re: re(`\\b(?:sell|selling|sale of|list|listing) ${OWNER}(?: ${ADJ})* ${HOME}\\b`) },
  { id: 'sell.im_selling', side: 'seller', weight: 0.8, re: re('\\b(?:i am|we are|i will be|we will be|yes) (?:selling|(?:the |a )?sellers?)\\b') },
  { id: 'sell.home_worth', side: 'seller', weight: 0.85,
    re: re(`\\b(?:my|our) (?:${ADJ} )*${HOME}s? (?:is |would |could |will |might |to )?(?:be )?(?:worth|sell for|go for|list for|appraise for|get)\\b`) },
  { id: 'sell.home_worth', side: 'seller', weight: 0.85,
    re: re('\\bhow much (?:could|can|would|will|might|do you think|should) (?:i|we|you) (?:get|sell|list|ask)(?: it)? (?:for )?(?:my|our|it)\\b') },
  { id: 'sell.valuation', side: 'seller', weight: 0.85,
    re: re('\\b(?:value|valuation|appraisal|estimate|equity|worth|price) (?:of|on|for|in) (?:my|our)\\b|\\b(?:my|our) (?:home|house|property|condo)s? value\\b') },
  { id: 'sell.valuation', side: 'seller', weight: 0.8, re: re(`\\b${HOME} (?:valuation|value estimate|appraisal|evaluation)\\b|\\bvaluation\\b`) },
  { id: 'sell.cma', side: 'seller', weight: 0.85, re: re('\\bcma\\b|\\b(?:comparative )?market analysis\\b') },
  { id: 'sell.on_market', side: 'seller', weight: 0.85,
    re: re('\\b(?:put|putting|get|getting|place|placing)(?: it| (?:my|our|the) [a-z ]{0,20})? on the market\\b|\\b(?:get|have|getting|having) (?:my|our|the|it)(?: [a-z]+)? listed\\b') },
  { id: 'sell.to_sell', side: 'seller', weight: 0.85, re: re(`\\b(?:${HOME}|something|properties) to sell\\b`) },
  { id: 'sell.list_with', side: 'seller', weight: 0.8, re: re('\\blist(?:ing)? with (?:you|your)\\b') },
  { id: 'sell.sell_first', side: 'seller', weight: 0.85,
    re: re('\\bsell(?:ing)? (?:first|before)\\b|\\bsell (?:ours|it|mine|(?:my|our) [a-z]+) first\\b') },
  { id: 'sell.sell_and_buy', side: 'seller', weight: 0.75, re: re('\\bsell and buy\\b|\\bbuy and sell\\b|\\bselling and buying\\b') },
  { id: 'sell.good_time', side: 'seller', weight: 0.75, re: re('\\b(?:good|right|best|bad|smart) time to (?:sell|list)\\b') },
  { id: 'sell.contrast', side: 'seller', weight: 0.85,
    re: re('\\b(?:selling|seller|sell)\\b[^.?!]{0,15}\\bnot (?:buying|a buyer|buy)\\b|\\bnot (?:buying|a buyer)\\b[^.?!]{0,25}\\b(?:sell|selling|list)') },
  { id: 'sell.both', side: 'seller', weight: 0.75, wholeMessage: true,
    re: re('^(?:both|both actually|actually both|we are doing both|doing both|a bit of both|both buying and selling|buying and selling|selling and buying)$') },
  { id: 'sell.for_sale', side: 'seller', weight: 0.85,
    re: re(`\\b(?:put|putting|get|getting|have|list|listing) (?:${OWNER}(?: ${ADJ})* ${HOME}|it) (?:up )?for sale\\b|\\b(?:get|getting|have|having) ${OWNER}(?: ${ADJ})* ${HOME} sold\\b`) },
  { id: 'sell.home_worth', side: 'seller', weight: 0.85,
    re: re(`\\bwhat (?:can|could|would|will|might) (?:i|we) get for (?:my|our)\\b|\\bmarket value\\b`) },
  { id: 'sell.modal_sell', side: 'seller', weight: 0.75,
    re: re('\\b(?:should|might|could|may|would) (?:i |we )?(?:sell|list)\\b(?! (?:a|an) )') },
  { id: 'sell.consider_selling', side: 'seller', weight: 0.8,
    re: re('\\b(?:consider|considering|open to|thinking of|thinking about) (?:selling|listing)\\b') },
  { id: 'sell.unload', side: 'seller', weight: 0.8,
    re: re(`\\b(?:unload|offload|get rid of|cash out of|part with) (?:${OWNER}|a|an|this)(?: ${ADJ})* ${HOME}\\b|\\b(?:${HOME}) (?:i|we) (?:want|need|would like) to (?:unload|offload|get rid of)\\b|\\b(?:want|need|would like) to (?:unload|offload) (?:it|this)\\b`) },
  { id: 'sell.value_mine', side: 'seller', weight: 0.8, re: re('\\b(?:value|appraise|evaluate|price) (?:my|our) (?:home|house|property|condo|place|townhouse)\\b') },
  // Spanish (and Spanglish): "quiero vender mi casa", "vender la casa".
  { id: 'sell.spanish', side: 'seller', weight: 0.85,
    re: re('\\b(?:quiero|queremos|quisiera|necesito|necesitamos|busco|buscamos|pienso|pensamos|vamos a) vender\\b|\\bvender (?:mi|nuestra|la|una) (?:casa|propiedad|house|home|condo)\\b') },
  // ---- seller: supporting cues
  { id: 'sell.ibuyer', side: 'seller', weight: 0.6, re: re('\\b(?:opendoor|offerpad|we buy houses|cash offer (?:on|for) (?:my|our))\\b') },
  { id: 'sell.commission', side: 'seller', weight: 0.55, re: re('\\b(?:commission|listing fee|listing agreement|listing agent)\\b') },
  { id: 'sell.selling_word', side: 'seller', weight: 0.55, re: re('\\b(?:sell|selling|seller)\\b') },
];

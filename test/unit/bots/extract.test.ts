// Fact extraction from free text: each money, time and property format, and short answers read against lastAsked.
import { describe, expect, it } from 'vitest';
import { extractFacts } from '../../../bots/extract';
import { NAMED_PERIOD_MONTHS } from '../../../bots/extract-time';
import type { BotName, FactKey } from '../../../domain/types';

const facts = (text: string, bot: BotName = 'buyer', lastAsked: FactKey[] = []) => extractFacts(text, { bot, lastAsked, statedGoal: null });

describe('extractFacts: budget', () => {
  it.each([
    ['$450k', null, 450_000],
    ['my budget is 450,000', null, 450_000],
    ['between 400 and 500k', 400_000, 500_000],
    ['around 1.2M', null, 1_200_000],
    ['under 600k', null, 600_000],
    ['350-400k', 350_000, 400_000],
    ['homes in the 700s', 700_000, 800_000],
    ['pre-approved for 475', null, 475_000],
  ] as const)('reads %s as min %s max %s', (text, min, max) => {
    expect(facts(text).budget).toEqual({ min, max, currency: 'USD' });
  });

  it('reads a bare number as the budget only when the budget was just asked', () => {
    expect(facts('500', 'buyer', ['budget']).budget?.max).toBe(500_000);
    expect(facts('500', 'buyer', []).budget).toBeUndefined();
  });

  it('does not take a neighbour’s sale price, a timeline or a phone number for a budget', () => {
    expect(facts('the house next door sold for 700k').budget).toBeUndefined();
    expect(facts('in about 3 months').budget).toBeUndefined();
    expect(facts('call me at 909-555-0142').budget).toBeUndefined();
  });
});

describe('extractFacts: timeline', () => {
  it.each([
    ['in about 3 months', 3],
    ['asap', 0],
    ['right away', 0],
    ['30-45 days', 1.5],
    ['in a couple of months', 2],
    ['next year', 12],
  ] as const)('reads %s as %s months', (text, months) => {
    expect(facts(text, 'lead').timeline?.months).toBe(months);
  });

  it('keeps a season or month name as words with the documented estimate', () => {
    expect(facts('next spring', 'lead').timeline).toEqual({ text: 'next spring', months: NAMED_PERIOD_MONTHS });
    expect(facts('we want to move by June', 'lead').timeline?.text).toBe('by june');
  });

  it('reads a short answer against the question that was asked', () => {
    expect(facts('3', 'lead', ['timeline']).timeline?.months).toBe(3);
    expect(facts('3', 'lead', []).timeline).toBeUndefined();
    expect(facts('yes', 'seller', ['timeline']).timeline).toEqual({ text: '30-45 days', months: 1.5 });
  });
});

describe('extractFacts: pre-approval and down payment', () => {
  it.each(['we’re pre-approved', 'preapproved with Chase', 'spoke with a lender last week', 'im a cash buyer'])('reads %s as pre-approved', (text) => {
    expect(facts(text).preapproval).toBe(true);
  });

  it('reads a wish to get pre-approved as not pre-approved yet', () => {
    expect(facts("I'd like to get pre approved").preapproval).toBe(false);
  });

  it('reads yes/no as pre-approval only when it was asked', () => {
    expect(facts('yes', 'buyer', ['preapproval']).preapproval).toBe(true);
    expect(facts('nope', 'buyer', ['preapproval']).preapproval).toBe(false);
    expect(facts('I have not', 'buyer', ['preapproval']).preapproval).toBe(false);
    expect(facts('yes', 'buyer', ['budget']).preapproval).toBeUndefined();
  });

  it('reads a down payment as percent (<= 100) or dollars', () => {
    expect(facts('we have 20% down').downPayment).toBe(20);
    expect(facts('we saved $50k for the down payment').downPayment).toBe(50_000);
    expect(facts('10', 'buyer', ['downPayment']).downPayment).toBe(10);
  });
});

describe('extractFacts: property, area, seller facts, schedule', () => {
  it('reads beds, baths, type and features into preferences', () => {
    expect(facts('looking for a 3 bed 2 bath condo with a pool').preferences).toEqual({ bedrooms: 3, bathrooms: 2, propertyType: 'condo', features: ['pool'] });
  });

  it.each([
    ['looking in Rancho Cucamonga', 'Rancho Cucamonga'],
    ['near downtown', 'Downtown'],
    ['something around upland, under 500k', 'Upland'],
  ])('reads the area in %s', (text, area) => {
    expect(facts(text).area).toBe(area);
  });

  it('does not read a time phrase as an area', () => {
    expect(facts('in about 3 months').area).toBeUndefined();
    expect(facts('in the spring').area).toBeUndefined();
  });

  it('reads seller motivation, condition and price', () => {
    const out = facts('relocating for work, house is move-in ready, hoping to get 650', 'seller');
    expect(out).toMatchObject({ motivation: 'relocating for work', condition: 'move-in ready', price: 650_000 });
    expect(facts('needs some work', 'seller', ['condition']).condition).toBe('needs work');
    expect(facts('we are downsizing', 'seller').motivation).toBe('downsizing');
  });

  it('takes the goal the message states from its one classification, and reads a bare answer to the goal question', () => {
    expect(extractFacts('I want to sell my house and buy a new one', { bot: 'lead', lastAsked: [], statedGoal: 'both' }).goal).toBe('both');
    expect(facts('I want to sell my house and buy a new one', 'lead').goal).toBeUndefined();
    expect(facts('buying', 'lead', ['goal']).goal).toBe('buy');
    expect(facts('selling', 'lead', ['goal']).goal).toBe('sell');
  });

  it('reads a contact window, a day and a showing time', () => {
    expect(facts('morning', 'lead', ['contactWindow']).contactWindow).toBe('morning');
    expect(facts('evenings are best', 'lead').contactWindow).toBe('evening');
    expect(facts('tomorrow', 'lead', ['appointmentDay']).appointmentDay).toBe('tomorrow');
    expect(facts('tues at 3 works', 'buyer')).toMatchObject({ appointmentDay: 'tuesday', showingTime: 'tuesday at 3' });
  });

  it('finds nothing in small talk', () => {
    expect(facts('lol ok thanks', 'lead')).toEqual({});
  });
});

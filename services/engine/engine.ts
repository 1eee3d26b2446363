// The engine: per message, lock → load → enrich → transition → bot turn → commit → release → dispatch.
import { BOTS } from '../../bots';
import { committedIntentClassifier } from '../intent/model-file';
import { createConversationMachine, type ConversationMachine } from '../../machines/conversation';
import type { BotRepliedEvent, ConversationEvent, MessageReceivedEvent } from '../../machines/events';
import { freshPackageFor } from '../../machines/transfer';
import { settleOutcome } from '../../machines/outcomes';
import { MACHINE_VERSION } from '../../machines/version';
import type { BotName, Effect, HealthReport, Intent } from '../../domain/types';
import { recordedInput } from '../store/journal-input';
import { enrichMessage } from './enrich';
import { createPatternLearning, type PatternLearning } from '../learning/patterns';
import { DEFAULT_POLICY, type ConversationPolicy } from '../../domain/policy';
import { createHealthMonitor, healthView, type BotHealthMonitor } from '../health/monitor';
import type { EffectDispatcher } from '../effects/types';
import type { CommitResult, ContactRecord, ContactStore, LockHandle, LockOptions } from '../store/types';
import { builtinPort, runBotTurn, type BotFallback, type BotPort } from './bot-runner';
import { idleReleaseDue, releaseTarget } from './human';
import { createDecide } from './decide';
import { effectsFrom, outboundTranscript } from './effects';
import { initialSnapshot, owningBot, persistSnapshot, restoreSnapshot, stateName, type ConversationSnapshot } from './snapshot';
import { ContactNotFoundError, LockBusyError, type Engine, type EraseRequest, type EraseResult, type InboundMessage, type InboundResult } from './types';
import { contactView } from './view';
import { DEFAULT_BOT_TIMEOUT_MS, DEFAULT_LOCK, DEFAULT_WINDOW } from './defaults';
import { assertInWindow, type MessageWindow } from './window';

export interface EngineDeps {
  store: ContactStore;
  clock?: () => number;
  /** Reads one message's intent, once; the built-in classifier by default. */
  classify?: (text: string) => Intent;
  policy?: ConversationPolicy;
  /** Built-in rule bots by default; a remote HTTP bot for any name given one (BOT_URL_<BOT>). */
  bots?: Record<BotName, BotPort>;
  /** A failed, late or refused bot turn answers with the built-in bot's reply, or with nothing. */
  botFallback?: BotFallback;
  health?: BotHealthMonitor;
  /** A contact a GoHighLevel user took over goes back to a bot after this long without a human message (null: never). */
  humanIdleReleaseMs?: number | null;
  /** Learned thresholds per pattern, and where handoff outcomes are recorded (in memory by default). */
  learning?: PatternLearning;
  /** Told how long each contact-lock acquisition waited and whether it got the lock (metrics). */
  onLockWait?: (waitedMs: number, acquired: boolean) => void;
  /** Told about failures that must not fail the request (an outcome that could not be recorded). */
  onBackgroundError?: (error: unknown, what: string) => void;
  /** Hands committed effects to delivery; a failure is reported, never thrown (the outbox sweep re-queues them). */
  dispatcher?: Pick<EffectDispatcher, 'enqueue'>;
  lock?: LockOptions;
  botTimeoutMs?: number;
  window?: MessageWindow;
}

export interface BatonEngine extends Engine {
  readonly machine: ConversationMachine;
  readonly learning: PatternLearning;
}

export function createEngine(deps: EngineDeps): BatonEngine {
  const { store } = deps;
  const clock = deps.clock ?? Date.now;
  const classify = deps.classify ?? committedIntentClassifier();
  const bots = deps.bots ?? { lead: builtinPort(BOTS.lead), buyer: builtinPort(BOTS.buyer), seller: builtinPort(BOTS.seller) };
  const policy = deps.policy ?? DEFAULT_POLICY;
  const health = deps.health ?? createHealthMonitor({ rules: policy.health });
  const humanIdleReleaseMs = deps.humanIdleReleaseMs ?? null;
  const machine = createConversationMachine(policy);
  const decide = createDecide(machine);
  const learning = deps.learning ?? createPatternLearning({ routeDefaults: policy.thresholds, rules: policy.learning });
  const onBackgroundError = deps.onBackgroundError ?? (() => {});
  const lockOptions = deps.lock ?? DEFAULT_LOCK;
  const botTimeoutMs = deps.botTimeoutMs ?? DEFAULT_BOT_TIMEOUT_MS;
  const window = deps.window ?? DEFAULT_WINDOW;

  async function withLock<T>(contactId: string, work: (lock: LockHandle) => Promise<T>): Promise<T> {
    const started = performance.now();
    const lock = await store.acquireLock(contactId, lockOptions);
    deps.onLockWait?.(performance.now() - started, lock !== null);
    if (lock === null) throw new LockBusyError(contactId, Math.max(1, Math.ceil(lockOptions.waitMs / 1000)));
    try {
      return await work(lock);
    } finally {
      await lock.release();
    }
  }

  const fresh = (contactId: string) => ({ version: 0, snapshot: initialSnapshot(machine, contactId) });
  const loaded = (contactId: string, record: ContactRecord) => ({ version: record.version, snapshot: restoreSnapshot(machine, contactId, record) });

  async function load(contactId: string): Promise<{ version: number; snapshot: ConversationSnapshot }> {
    const record = await store.load(contactId);
    return record === null ? fresh(contactId) : loaded(contactId, record);
  }

  function enrich(message: InboundMessage, snapshot: ConversationSnapshot, report: HealthReport): MessageReceivedEvent {
    return enrichMessage(message, snapshot, report, { classify, policy, thresholdsFor: (pattern) => learning.thresholdsFor(pattern) });
  }

  async function botTurn(snapshot: ConversationSnapshot, event: MessageReceivedEvent): Promise<BotRepliedEvent | null> {
    const bot = owningBot(snapshot);
    if (bot === null) return null;
    const context = snapshot.context;
    const turn = {
      bot,
      facts: context.facts,
      contextPackage: freshPackageFor(context, bot, event.at),
      firstTurn: context.awaitingFirstTurn,
      text: event.text,
      asked: context.asked,
      messageCount: context.messageCount,
    };
    const result = await runBotTurn(bots, turn, { contactId: context.contactId, at: event.at, scores: context.scores }, {
      timeoutMs: botTimeoutMs,
      health,
      now: clock,
      fallback: deps.botFallback ?? 'builtin',
      builtin: BOTS,
      onRecordError: (error) => onBackgroundError(error, 'record bot health'),
    });
    if (result.ok && result.error !== null) onBackgroundError(new Error(result.error), `bot ${bot}: fell back to the built-in reply`);
    if (!result.ok) {
      onBackgroundError(new Error(result.error), `bot ${bot}: no reply this turn`);
      return null;
    }
    return { type: 'BOT_REPLIED', at: event.at, bot, ...result.reply };
  }

  function step(snapshot: ConversationSnapshot, event: ConversationEvent, contactId: string, key: string, startIndex: number) {
    const [next, actions] = decide(snapshot, event);
    return { next, effects: effectsFrom(actions, contactId, key, event.at, startIndex) };
  }

  /** Committed effects go to delivery; if that fails the commit still stands and the outbox sweep re-queues them. */
  async function dispatch(contactId: string, effects: readonly Effect[], committed: CommitResult): Promise<void> {
    if (deps.dispatcher === undefined || effects.length === 0) return;
    try {
      await deps.dispatcher.enqueue(contactId, effects, committed.status === 'committed' ? committed.nextEffectId : undefined);
    } catch (error) {
      onBackgroundError(error, 'enqueue committed effects');
    }
  }

  async function handleInbound(message: InboundMessage): Promise<InboundResult> {
    assertInWindow(message.at, clock(), window);
    const { contactId, messageId } = message;
    if (store.acquireAndLoad === undefined) {
      if (await store.isProcessed(contactId, messageId)) return { status: 'duplicate', contactId };
      return withLock(contactId, async (lock) => {
        if (await store.isProcessed(contactId, messageId)) return { status: 'duplicate', contactId };
        return processInbound(message, await load(contactId), lock);
      });
    }
    // One round trip where the store has one (Redis): processed check, lock, record read under the lock.
    const started = performance.now();
    const locked = await store.acquireAndLoad(contactId, messageId, lockOptions);
    deps.onLockWait?.(performance.now() - started, locked.status === 'locked');
    if (locked.status === 'duplicate') return { status: 'duplicate', contactId };
    if (locked.status === 'busy') throw new LockBusyError(contactId, Math.max(1, Math.ceil(lockOptions.waitMs / 1000)));
    try {
      return await processInbound(message, locked.record === null ? fresh(contactId) : loaded(contactId, locked.record), locked.lock);
    } finally {
      await locked.lock.release();
    }
  }

  /**
   * The inbound path under the contact's lock, processed already ruled out: decide, bot turn, one atomic commit (which
   * releases `lock` in its own step where the store can), dispatch, learn.
   */
  async function processInbound(message: InboundMessage, current: { version: number; snapshot: ConversationSnapshot }, lock: LockHandle): Promise<InboundResult> {
    const { contactId, messageId } = message;
    let { version, snapshot } = current;
    if (idleReleaseDue(snapshot.context, message.at, humanIdleReleaseMs)) {
      const bot = releaseTarget(await store.journal(contactId, 50));
      const released = await commitAdmin(contactId, version, snapshot, { type: 'HUMAN_RELEASE', at: Math.max(message.at, snapshot.context.lastAt), by: 'idle_timeout', bot });
      ({ version, snapshot } = released);
    }
    const event = enrich(message, snapshot, await health.report(clock()));
    const decided = step(snapshot, event, contactId, messageId, 0);
    // HELP is answered by the machine itself; the owning bot says nothing more this turn.
    const reply = decided.next.context.decision?.kind === 'help' ? null : await botTurn(decided.next, event);
    const replied = reply === null ? { next: decided.next, effects: [] } : step(decided.next, reply, contactId, messageId, decided.effects.length);
    const final = replied.next;
    const effects = [...decided.effects, ...replied.effects];
    const decision = final.context.decision;
    if (decision === null) throw new Error('the machine recorded no decision for MESSAGE_RECEIVED');
    const pkg = decision.kind === 'handoff' ? final.context.contextPackage : null;
    const result = await store.commit({
      contactId,
      expectedVersion: version,
      record: persistSnapshot(machine, final, version + 1),
      messageId,
      effects,
      journal: { version: version + 1, messageId, decision, stateValue: final.value, ...recordedInput(event, reply) },
      transcript: [
        { direction: 'inbound', text: message.text, at: event.at, bot: owningBot(snapshot), asks: [], messageId },
        ...outboundTranscript(effects),
      ],
      contextPackage: pkg === null ? null : { json: JSON.stringify(pkg), ttlMs: Math.max(0, pkg.expiresAt - event.at) },
      location: message.locationId,
      releaseLock: lock,
    });
    if (result.status === 'duplicate') return { status: 'duplicate', contactId };
    // Not awaited: the effects are committed in the outbox, their order is the outbox's (each delivery
    // releases the next), and dispatch never rejects (a failed enqueue is left for the sweep). So the
    // answer and the contact's lock do not wait for the queue's round trips.
    void dispatch(contactId, effects, result);
    const outcome = settleOutcome(snapshot.context, decision, policy.chainWindowMs, policy.packageTtlMs);
    if (outcome !== null) learning.record(outcome).catch((error: unknown) => onBackgroundError(error, 'record handoff outcome'));
    return { status: 'processed', contactId, version: result.version, state: stateName(final), bot: owningBot(final), decision, effects };
  }

  /** Takeover or release: one committed decision of its own (no messageId), its effects dispatched. */
  async function commitAdmin(contactId: string, version: number, snapshot: ConversationSnapshot, event: ConversationEvent) {
    const { next, effects } = step(snapshot, event, contactId, `admin-${version + 1}`, 0);
    const decision = next.context.decision;
    if (decision === null || decision === snapshot.context.decision) return { version, snapshot, changed: false };
    const committed = await store.commit({
      contactId,
      expectedVersion: version,
      record: persistSnapshot(machine, next, version + 1),
      messageId: null,
      effects,
      journal: { version: version + 1, messageId: null, decision, stateValue: next.value, ...recordedInput(event, null) },
      transcript: outboundTranscript(effects),
      contextPackage: null,
    });
    await dispatch(contactId, effects, committed);
    return { version: committed.status === 'committed' ? committed.version : version, snapshot: next, changed: true };
  }

  /** A replayed delete finds its own mark (kept across the erase) and changes nothing. */
  async function erase(contactId: string, request?: EraseRequest): Promise<EraseResult> {
    if (request === undefined) {
      await withLock(contactId, () => store.erase(contactId));
      return { status: 'erased' };
    }
    if (request.at !== null) assertInWindow(request.at, clock(), window);
    return withLock(contactId, async (): Promise<EraseResult> => {
      if (await store.isProcessed(contactId, request.deleteId)) return { status: 'duplicate' };
      await store.erase(contactId, request.deleteId);
      return { status: 'erased' };
    });
  }

  async function adminEvent(contactId: string, build: (at: number) => ConversationEvent, at: number = clock()) {
    return withLock(contactId, async () => {
      const record = await store.load(contactId);
      if (record === null) throw new ContactNotFoundError(contactId);
      const snapshot = restoreSnapshot(machine, contactId, record);
      const result = await commitAdmin(contactId, record.version, snapshot, build(Math.max(at, snapshot.context.lastAt)));
      return contactView(contactId, result.version, result.changed ? MACHINE_VERSION : record.machineVersion, result.snapshot, policy);
    });
  }

  return {
    machine,
    policy,
    learning,
    handleInbound,
    takeover: (contactId, by) => adminEvent(contactId, (at) => ({ type: 'HUMAN_TAKEOVER', at, by })),
    release: (contactId, bot) => adminEvent(contactId, (at) => ({ type: 'HUMAN_RELEASE', at, by: 'admin', bot })),
    async humanMessage(contactId, by, at) {
      if ((await store.load(contactId)) === null) return null;
      return adminEvent(contactId, (when) => ({ type: 'HUMAN_TAKEOVER', at: when, by }), at);
    },
    async view(contactId) {
      const record = await store.load(contactId);
      if (record === null) return null;
      return contactView(contactId, record.version, record.machineVersion, restoreSnapshot(machine, contactId, record), policy);
    },
    erase: (contactId, request) => erase(contactId, request),
    journal: (contactId, limit) => store.journal(contactId, limit),
    transcript: (contactId) => store.transcript(contactId),
    health: async () => healthView(await health.report(clock()), policy.health),
  };
}

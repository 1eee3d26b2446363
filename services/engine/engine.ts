// The engine: per message, lock → load → enrich → transition → bot turn → commit → release → dispatch.
import { classifyIntent, extractFacts, BOTS } from '../../bots';
import { createConversationMachine, type ConversationMachine } from '../../machines/conversation';
import type { BotRepliedEvent, ConversationEvent, MessageReceivedEvent } from '../../machines/events';
import { freshPackageFor } from '../../machines/transfer';
import { settleOutcome } from '../../machines/outcomes';
import { MACHINE_VERSION } from '../../machines/version';
import type { BotName, Effect, HealthReport } from '../../machines/types';
import { createPatternLearning, type PatternLearning } from '../learning/patterns';
import { DEFAULT_POLICY, type HandoffPolicy } from '../../guards';
import { createHealthMonitor, type BotHealthMonitor } from '../health/monitor';
import type { ContactStore, LockOptions } from '../store/types';
import { runBotTurn, type BotPort } from './bot-runner';
import { createDecide } from './decide';
import { effectsFrom, outboundTranscript } from './effects';
import { initialSnapshot, owningBot, persistSnapshot, restoreSnapshot, stateName, type ConversationSnapshot } from './snapshot';
import { ContactNotFoundError, LockBusyError, type Engine, type InboundMessage, type InboundResult } from './types';
import { contactView } from './view';
import { assertInWindow, DEFAULT_WINDOW, type MessageWindow } from './window';

export interface EffectDispatcher {
  enqueue(contactId: string, effects: readonly Effect[]): void;
}

export interface EngineDeps {
  store: ContactStore;
  clock?: () => number;
  policy?: HandoffPolicy;
  bots?: Record<BotName, BotPort>;
  health?: BotHealthMonitor;
  /** Learned thresholds per pattern, and where handoff outcomes are recorded (in memory by default). */
  learning?: PatternLearning;
  /** Told how long each contact-lock acquisition waited and whether it got the lock (metrics). */
  onLockWait?: (waitedMs: number, acquired: boolean) => void;
  /** Told about failures that must not fail the request (an outcome that could not be recorded). */
  onBackgroundError?: (error: unknown, what: string) => void;
  dispatcher?: EffectDispatcher;
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
  const bots = deps.bots ?? BOTS;
  const health = deps.health ?? createHealthMonitor();
  const policy = deps.policy ?? DEFAULT_POLICY;
  const machine = createConversationMachine(policy);
  const decide = createDecide(machine);
  const learning = deps.learning ?? createPatternLearning({ routeDefaults: policy.routeThresholds });
  const onBackgroundError = deps.onBackgroundError ?? (() => {});
  const lockOptions = deps.lock ?? { ttlMs: 10_000, waitMs: 2_000 };
  const botTimeoutMs = deps.botTimeoutMs ?? 5_000;
  const window = deps.window ?? DEFAULT_WINDOW;

  async function withLock<T>(contactId: string, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    const lock = await store.acquireLock(contactId, lockOptions);
    deps.onLockWait?.(performance.now() - started, lock !== null);
    if (lock === null) throw new LockBusyError(contactId, Math.max(1, Math.ceil(lockOptions.waitMs / 1000)));
    try {
      return await work();
    } finally {
      await lock.release();
    }
  }

  async function load(contactId: string): Promise<{ version: number; snapshot: ConversationSnapshot }> {
    const record = await store.load(contactId);
    if (record === null) return { version: 0, snapshot: initialSnapshot(machine, contactId) };
    return { version: record.version, snapshot: restoreSnapshot(machine, contactId, record) };
  }

  function enrich(message: InboundMessage, snapshot: ConversationSnapshot, report: HealthReport): MessageReceivedEvent {
    const context = snapshot.context;
    const intent = classifyIntent(message.text);
    return {
      type: 'MESSAGE_RECEIVED',
      messageId: message.messageId,
      text: message.text,
      at: Math.max(message.at, context.lastAt),
      intent,
      facts: extractFacts(message.text, { bot: owningBot(snapshot) ?? 'lead', lastAsked: context.lastAsked }),
      health: report,
      thresholds: learning.thresholdsFor(intent.pattern),
    };
  }

  async function botTurn(snapshot: ConversationSnapshot, event: MessageReceivedEvent): Promise<BotRepliedEvent | null> {
    const bot = owningBot(snapshot);
    if (bot === null) return null;
    const context = snapshot.context;
    const result = await runBotTurn(
      bots,
      {
        bot,
        facts: context.facts,
        contextPackage: freshPackageFor(context, bot, event.at),
        firstTurn: context.awaitingFirstTurn,
        text: event.text,
        asked: context.asked,
        messageCount: context.messageCount,
      },
      { timeoutMs: botTimeoutMs, health, now: clock },
    );
    if (!result.ok) return null;
    return { type: 'BOT_REPLIED', at: event.at, bot, ...result.reply };
  }

  function step(snapshot: ConversationSnapshot, event: ConversationEvent, contactId: string, key: string, startIndex: number) {
    const [next, actions] = decide(snapshot, event);
    return { next, effects: effectsFrom(actions, contactId, key, event.at, startIndex) };
  }

  async function handleInbound(message: InboundMessage): Promise<InboundResult> {
    const { contactId, messageId } = message;
    assertInWindow(message.at, clock(), window);
    if (await store.isProcessed(contactId, messageId)) return { status: 'duplicate', contactId };
    return withLock(contactId, async () => {
      if (await store.isProcessed(contactId, messageId)) return { status: 'duplicate', contactId };
      const { version, snapshot } = await load(contactId);
      const event = enrich(message, snapshot, health.report(clock()));
      const decided = step(snapshot, event, contactId, messageId, 0);
      const reply = await botTurn(decided.next, event);
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
        journal: { version: version + 1, messageId, decision, stateValue: final.value },
        transcript: [
          { direction: 'inbound', text: message.text, at: event.at, bot: owningBot(snapshot), asks: [], messageId },
          ...outboundTranscript(effects),
        ],
        contextPackage: pkg === null ? null : { json: JSON.stringify(pkg), ttlMs: Math.max(0, pkg.expiresAt - event.at) },
      });
      if (result.status === 'duplicate') return { status: 'duplicate', contactId };
      deps.dispatcher?.enqueue(contactId, effects);
      const outcome = settleOutcome(snapshot.context, decision, policy.chainWindowMs, policy.packageTtlMs);
      if (outcome !== null) learning.record(outcome).catch((error: unknown) => onBackgroundError(error, 'record handoff outcome'));
      return { status: 'processed', contactId, version: result.version, state: stateName(final), bot: owningBot(final), decision, effects };
    });
  }

  async function adminEvent(contactId: string, build: (at: number) => ConversationEvent) {
    return withLock(contactId, async () => {
      const record = await store.load(contactId);
      if (record === null) throw new ContactNotFoundError(contactId);
      const snapshot = restoreSnapshot(machine, contactId, record);
      const event = build(Math.max(clock(), snapshot.context.lastAt));
      const key = `admin-${record.version + 1}`;
      const { next, effects } = step(snapshot, event, contactId, key, 0);
      const decision = next.context.decision;
      if (decision === null || decision === snapshot.context.decision) return contactView(contactId, record.version, record.machineVersion, snapshot, policy);
      const committed = await store.commit({
        contactId,
        expectedVersion: record.version,
        record: persistSnapshot(machine, next, record.version + 1),
        messageId: null,
        effects,
        journal: { version: record.version + 1, messageId: null, decision, stateValue: next.value },
        transcript: outboundTranscript(effects),
        contextPackage: null,
      });
      deps.dispatcher?.enqueue(contactId, effects);
      const version = committed.status === 'committed' ? committed.version : record.version;
      return contactView(contactId, version, MACHINE_VERSION, next, policy);
    });
  }

  return {
    machine,
    learning,
    handleInbound,
    takeover: (contactId, by) => adminEvent(contactId, (at) => ({ type: 'HUMAN_TAKEOVER', at, by })),
    release: (contactId, bot) => adminEvent(contactId, (at) => ({ type: 'HUMAN_RELEASE', at, by: 'admin', bot })),
    async view(contactId) {
      const record = await store.load(contactId);
      if (record === null) return null;
      return contactView(contactId, record.version, record.machineVersion, restoreSnapshot(machine, contactId, record), policy);
    },
    erase: (contactId) => withLock(contactId, () => store.erase(contactId)),
    journal: (contactId, limit) => store.journal(contactId, limit),
    transcript: (contactId) => store.transcript(contactId),
    health: () => health.report(clock()),
  };
}

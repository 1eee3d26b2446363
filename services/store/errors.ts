// Typed store errors; the host maps each to an HTTP answer (never a 5xx for something retryable).

export class StoreError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  constructor(code: string, message: string, retryable: boolean) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.retryable = retryable;
  }
}

/** The record changed since it was loaded (another writer committed first). */
export class VersionConflictError extends StoreError {
  constructor(contactId: string, expected: number, actual: number) {
    super('version_conflict', `contact ${contactId}: expected version ${expected}, found ${actual}`, true);
  }
}

/** The store cannot be reached right now. */
export class StoreUnavailableError extends StoreError {
  constructor(message: string) {
    super('store_unavailable', message, true);
  }
}

/**
 * The snapshot was written by a machine version this code cannot migrate. A *newer* version is
 * retryable: during a rolling deploy a newer instance can process the message, so the webhook asks
 * GoHighLevel to retry (429) instead of dropping it; an unknown or unparseable one is not.
 */
export class UnsupportedMachineVersionError extends StoreError {
  readonly machineVersion: number;
  constructor(contactId: string, machineVersion: number, newer: boolean) {
    super('unsupported_machine_version', `contact ${contactId}: cannot restore machineVersion ${machineVersion}`, newer);
    this.machineVersion = machineVersion;
  }
}

/** A Redis key of this contact holds the wrong type; the commit refused before writing anything. */
export class StoreCorruptError extends StoreError {
  readonly key: string;
  constructor(contactId: string, key: string, found: string) {
    super('store_corrupt', `contact ${contactId}: key ${key} holds a ${found}; nothing was written`, true);
    this.key = key;
  }
}

/** Redis answered with an error the store does not expect (a script error, a malformed stored value). */
export class StoreScriptError extends StoreError {
  constructor(message: string) {
    super('store_script_error', message, true);
  }
}

// Retention limits shared by both stores, so the memory and Redis stores keep exactly the same data.

/** A processed messageId is remembered this long: longer than any GoHighLevel redelivery horizon. */
export const PROCESSED_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

/** The journal keeps the newest entries only; older decisions are dropped on commit. */
export const JOURNAL_LIMIT = 500;

/** The transcript keeps the newest entries only (oldest dropped), so one chatty contact cannot grow without bound. */
export const TRANSCRIPT_LIMIT = 1000;

/**
 * The shape every upstream kind's load poller has: given a way to read a path (already
 * bound to the connection and the poll's time limit), it answers one reading, or
 * undefined when no signal could be read.
 */
import type { LoadAnswer } from './fetch-load-text.js';
import type { LoadReading } from './load-snapshot.js';

/** Reads a path from the server root; rejects when the poll's time is up or the upstream cannot be reached. */
export type ReadLoadPath = (path: string) => Promise<LoadAnswer>;

export type LoadPoller = (read: ReadLoadPath) => Promise<LoadReading | undefined>;

import type { Db } from '../db/client';

export type Io = { stdout: (s: string) => void; stderr: (s: string) => void };
export type FeatureCommand = { help: string; run: (db: Db, args: string[], io: Io) => Promise<number>; needsDb?: boolean };

/** Commands that features add to `portico` (import-fhir, analyze, outbox ...). One entry per command. */
export const featureCommands: Record<string, FeatureCommand> = {};

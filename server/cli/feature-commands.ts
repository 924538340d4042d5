import type { Db } from '../db/client';
import { ANALYZE_HELP, runAnalyze } from './analyze';
import { importFhir } from '../features/fhir-import/cli';
import { escalateCommand, outboxCommand } from '../features/messaging/cli';
import { remindersCommand } from '../features/scheduling/reminders';
import { smartClientCommand } from '../features/smart/cli';
import { dbCommand } from '../db/app-role-cli';
import { mfaResetCommand } from '../platform/auth/cli';

export type Io = { stdout: (s: string) => void; stderr: (s: string) => void };
export type FeatureCommand = { help: string; run: (db: Db, args: string[], io: Io) => Promise<number>; needsDb?: boolean };

/** Commands that features add to `portico` (import-fhir, analyze, outbox ...). One entry per command. */
export const featureCommands: Record<string, FeatureCommand> = {};
featureCommands['import-fhir'] = importFhir;
featureCommands.outbox = outboxCommand;
featureCommands.escalate = escalateCommand;
featureCommands['appointment-reminders'] = remindersCommand;
featureCommands['smart-client'] = smartClientCommand;
featureCommands.db = dbCommand;
featureCommands['mfa-reset'] = mfaResetCommand;

featureCommands.analyze = { help: ANALYZE_HELP, needsDb: false, run: (_db, args, io) => runAnalyze(args, io) };

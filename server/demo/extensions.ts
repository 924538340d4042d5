import type { Queryable } from '../db/client';
import type { DemoContext } from './seed';
import { seedMessaging } from '../features/messaging/demo';
import { seedDirectoryDemo } from '../features/directory/demo';
import { seedBillingDemo } from '../features/billing/demo';
import { seedSchedulingDemo } from '../features/scheduling/demo';
import { seedRecordDemo } from '../features/record/demo';
import { seedResearchDemo } from '../features/research/demo';
import { seedCareDemo } from '../features/fhir-api/demo';
import { seedGuideDemo } from '../features/guide/demo';

/** Feature seeders run after the core demo clinic, in this order, inside the same transaction. One line per feature. */
export const demoExtensions: ((q: Queryable, ctx: DemoContext) => Promise<void>)[] = [
  seedMessaging,
  seedDirectoryDemo,
  seedBillingDemo,
  seedSchedulingDemo,
  seedRecordDemo,
  seedResearchDemo,
  seedCareDemo,
  seedGuideDemo,
];

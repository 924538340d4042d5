import type { Db } from '../../db/client';
import type { Actor } from '../../platform/access/actor';
import { messagingAttention } from '../messaging/attention';
import { schedulingAttention } from '../scheduling/attention';
import { researchAttention } from '../research/attention';
import { billingAttention } from '../billing/attention';
import { guideAttention } from '../guide/attention';

/** One thing a person should look at on their home page. No alarm colours alone: text says what it is. */
export type AttentionItem = { kind: string; title: string; detail?: string; href: string; priority: 'high' | 'normal' };
export type AttentionProvider = (db: Db, actor: Actor) => Promise<AttentionItem[]>;

/** Features add a provider here (one line each) to put their items on the home pages. */
export const attentionProviders: AttentionProvider[] = [
  messagingAttention,
  schedulingAttention,
  researchAttention,
  billingAttention,
  guideAttention,
];

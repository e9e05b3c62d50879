import { z } from 'zod';
import { Ok, method } from './define';

/** The topic tree (MQTT Explorer's core view), kept per connection in main. */
export const TopicNode = z.object({
  name: z.string(),
  path: z.string(),
  count: z.number(),
  ownCount: z.number(),
  childCount: z.number(),
  lastSeen: z.number(),
  lastSeq: z.number(),
  retained: z.boolean(),
  ratePerSec: z.number(),
  /** The newest payload on exactly this topic, shortened: text, or hex for binary; null if none is held. */
  preview: z.string().nullable(),
});
export type TopicNode = z.infer<typeof TopicNode>;

export const topicsMethods = {
  /** One page of children of `path` (null: the top level). */
  'topics.children': method(
    z.object({
      connectionId: z.string(),
      path: z.string().nullable(),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(2000).default(200),
    }),
    z.object({ nodes: z.array(TopicNode), total: z.number(), topicCount: z.number(), overflow: z.number() }),
  ),
  'topics.search': method(
    z.object({ connectionId: z.string(), text: z.string().min(1).max(500), limit: z.number().int().min(1).max(1000).default(200) }),
    z.object({ paths: z.array(z.string()), truncated: z.boolean() }),
  ),
  /** Publishes an empty retained message on the topic: the broker then forgets its retained value. */
  'topics.deleteRetained': method(z.object({ connectionId: z.string(), topic: z.string().min(1) }), Ok),
};

export const topicsEvents = {};

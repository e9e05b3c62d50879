import { z } from 'zod';
import { Ok, method } from './define';
import { Mqtt5PublishProperties, PayloadFormat, Qos } from './connections.contract';

/** A publish as the user made it: payload in the format it was typed in, QoS, retain and MQTT 5 properties. */
export const PublishEntry = z.object({
  topic: z.string().min(1),
  payload: z.object({ format: PayloadFormat, data: z.string() }),
  qos: Qos,
  retain: z.boolean(),
  properties: Mqtt5PublishProperties.optional(),
  at: z.number(),
});
export type PublishEntry = z.infer<typeof PublishEntry>;

export const PublishTemplate = z.object({ name: z.string().min(1).max(100), entry: PublishEntry });
export type PublishTemplate = z.infer<typeof PublishTemplate>;

export const publishHistoryMethods = {
  /** The last publishes of a profile (newest first) and its named templates. */
  'publishHistory.list': method(z.object({ profileId: z.string() }), z.object({ history: z.array(PublishEntry), templates: z.array(PublishTemplate) })),
  /** Saves (or replaces, by name) a template. */
  'publishHistory.saveTemplate': method(z.object({ profileId: z.string(), template: PublishTemplate }), Ok),
  'publishHistory.deleteTemplate': method(z.object({ profileId: z.string(), name: z.string() }), Ok),
  'publishHistory.clear': method(z.object({ profileId: z.string() }), Ok),
};

export const publishHistoryEvents = {
  /** A profile's history or templates changed (a publish was recorded, a template saved). */
  'publishHistory.changed': z.object({ profileId: z.string() }),
};

import { z } from 'zod';
import { method } from './define';

/** Comparing messages: finding what to compare a message with. */
export const diffMethods = {
  /** The newest earlier message on the same topic and connection (null when none is held). */
  'diff.previousOnTopic': method(z.object({ seq: z.number().int().min(0) }), z.object({ seq: z.number().nullable() })),
};

export const diffEvents = {};

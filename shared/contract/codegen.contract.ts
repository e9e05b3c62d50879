import { z } from 'zod';
import { method } from './define';
import { CODE_TARGETS } from '../codegen/code-target';
import { Qos } from './connections.contract';

/** "Copy as code": a stored message (to publish again) or a subscription, for another tool. */
export const codegenMethods = {
  'codegen.copy': method(
    z.object({
      target: z.enum(CODE_TARGETS),
      source: z.union([z.object({ seq: z.number().int().min(0) }), z.object({ connectionId: z.string(), filter: z.string().min(1), qos: Qos.default(0) })]),
    }),
    z.object({ target: z.enum(CODE_TARGETS), language: z.enum(['shell', 'python', 'javascript']), text: z.string(), env: z.array(z.string()) }),
  ),
};

export const codegenEvents = {};

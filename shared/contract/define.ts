import { z } from 'zod';

/**
 * An IPC method: its input and output schemas. Both hosts (Electron IPC and the Chromium host's HTTP/WS)
 * validate the input at the boundary with the same schema, so a renderer bug can never reach a service
 * with a malformed argument.
 */
export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
}

export function method<I extends z.ZodType, O extends z.ZodType>(input: I, output: O): MethodSpec<I, O> {
  return { input, output };
}

export const Empty = z.object({}).strict();
export const Ok = z.object({ ok: z.literal(true) });

/** Errors keep a machine code and words for the user across the boundary (never a bare stack). */
export const AppErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  /** What the user can do about it. */
  hint: z.string().optional(),
});
export type AppErrorShape = z.infer<typeof AppErrorSchema>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape };

export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
  toShape(): AppErrorShape {
    return this.hint ? { code: this.code, message: this.message, hint: this.hint } : { code: this.code, message: this.message };
  }
}

export function toErrorShape(err: unknown): AppErrorShape {
  if (err instanceof AppError) return err.toShape();
  if (err instanceof z.ZodError) {
    return {
      code: 'invalid-input',
      message: err.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; '),
    };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'internal', message };
}

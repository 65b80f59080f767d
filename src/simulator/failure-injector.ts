import { z } from 'zod';

export const failureRuleSchema = z
  .object({
    /** Substring of the API path (an exact path matches too); absent matches every call. */
    path: z.string().min(1).optional(),
    errcode: z.number().int().optional(),
    errmsg: z.string().optional(),
    httpStatus: z.number().int().min(100).max(599).optional(),
    /** Real milliseconds to hold the answer, so the bot's HTTP deadline fires. */
    timeoutMs: z.number().int().min(1).max(60_000).optional(),
    times: z.number().int().min(1),
  })
  .refine((r) => r.errcode !== undefined || r.httpStatus !== undefined || r.timeoutMs !== undefined, {
    message: 'give errcode, httpStatus or timeoutMs',
  });

export type FailureRule = z.infer<typeof failureRuleSchema>;

export interface FailureInjector {
  inject(rule: FailureRule): void;
  /** The first rule that matches this call, consumed once (FIFO among matching rules). */
  take(path: string): FailureRule | undefined;
  pending(): FailureRule[];
  clear(): void;
}

export function createFailureInjector(): FailureInjector {
  const rules: FailureRule[] = [];
  return {
    inject(rule) {
      rules.push({ ...failureRuleSchema.parse(rule) });
    },
    take(path) {
      const index = rules.findIndex((r) => r.path === undefined || path.includes(r.path));
      if (index < 0) return undefined;
      const rule = rules[index];
      rule.times -= 1;
      if (rule.times === 0) rules.splice(index, 1);
      return { ...rule, times: 1 };
    },
    pending: () => rules.map((r) => ({ ...r })),
    clear() {
      rules.length = 0;
    },
  };
}

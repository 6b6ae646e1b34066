import { z } from "zod";
import { parseYuan } from "~/lib/money";
import { fromDatetimeLocal } from "~/lib/time";

/**
 * The lot form (create and edit draft), validated in the browser and again on the server by the same
 * schema (Conform). It checks what a form can: formats, amounts as exact yuan → fen, instants as Beijing
 * wall-clock times, criteria that add up to 100. The statutory rules (periods, bond ≤ 2 %…) are the
 * domain's: they come back from the server as a list of violations, each naming its rule and article.
 * Messages are i18n keys ("tenders-ui:…"), shown in the page's language.
 */
const E = (k: string) => `tenders-ui:errors.${k}`;

/** Yuan typed by a person → fen as a decimal string (the domain's fen schema reads it as bigint). */
export const yuanField = z
  .string({ error: E("required") })
  .transform((s, ctx) => {
    const r = parseYuan(s);
    if (!r.ok) {
      ctx.addIssue({ code: "custom", message: E(`yuan_${r.error}`) });
      return z.NEVER;
    }
    return r.fen.toString();
  });

/** A datetime-local value in Beijing time → the instant. */
export const instantField = z
  .string({ error: E("required") })
  .transform((s, ctx) => {
    const d = fromDatetimeLocal(s);
    if (!d) {
      ctx.addIssue({ code: "custom", message: E("datetime") });
      return z.NEVER;
    }
    return d;
  });

const text = (max: number, required = false) =>
  required
    ? z.string({ error: E("required") }).trim().min(1, E("required")).max(max, `${E("tooLong")}?max=${max}`)
    : z.string().trim().max(max, `${E("tooLong")}?max=${max}`).optional().default("");

export const criterionFormSchema = z.object({
  name: z.string({ error: E("criterionName") }).trim().min(1, E("criterionName")).max(100, `${E("tooLong")}?max=100`),
  weight: z.coerce
    .number({ error: E("criterionWeight") })
    .int(E("criterionWeight"))
    .min(1, E("criterionWeight"))
    .max(100, E("criterionWeight")),
});

const lotFields = {
  title: text(200, true),
  description: text(20_000),
  estimatedPriceFen: yuanField,
  ceilingPriceFen: yuanField,
  bondFen: yuanField,
  qualification: text(20_000),
  evaluationMethod: z.enum(["LOWEST_PRICE", "COMPREHENSIVE"], { error: E("required") }),
  criteria: z.array(criterionFormSchema).max(30).optional().default([]),
  docsAvailableFrom: instantField,
  docsAvailableTo: instantField,
  clarificationCutoff: instantField,
  objectionCutoff: instantField,
  bidDeadline: instantField,
  decryptionWindowMinutes: z.coerce.number({ error: E("required") }).int(E("window")).min(5, E("window")).max(240, E("window")),
};

type Criteria = z.output<typeof criterionFormSchema>[];

/** 综合评估法 needs criteria adding up to 100; 最低价法 takes none (whatever the hidden editor held). */
function withCriteriaRules<T extends z.ZodRawShape>(shape: T) {
  return z
    .object(shape)
    .transform((v) => {
      const x = v as unknown as { evaluationMethod: string; criteria: Criteria };
      return { ...v, criteria: x.evaluationMethod === "LOWEST_PRICE" ? [] : x.criteria };
    })
    .superRefine((v, ctx) => {
      const x = v as unknown as { evaluationMethod: string; criteria: Criteria };
      if (x.evaluationMethod !== "COMPREHENSIVE") return;
      if (x.criteria.length === 0) {
        ctx.addIssue({ code: "custom", path: ["criteria"], message: E("criteriaRequired") });
        return;
      }
      const sum = x.criteria.reduce((s, c) => s + c.weight, 0);
      if (sum !== 100) ctx.addIssue({ code: "custom", path: ["criteria"], message: `${E("criteriaSum")}?sum=${sum}` });
      if (new Set(x.criteria.map((c) => c.name)).size !== x.criteria.length) {
        ctx.addIssue({ code: "custom", path: ["criteria"], message: E("criteriaDuplicate") });
      }
    });
}

export const lotFormSchema = withCriteriaRules(lotFields);
export type LotFormValue = z.output<typeof lotFormSchema>;
export const createLotFormSchema = withCriteriaRules({ ...lotFields, projectId: z.uuid() });
export const updateLotFormSchema = withCriteriaRules({
  ...lotFields,
  intent: z.literal("save"),
  expectedVersion: z.coerce.number().int().min(1),
});

export const projectFormSchema = z.object({
  code: z
    .string({ error: E("required") })
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9-]{2,39}$/, E("projectCode")),
  title: text(200, true),
  procurementType: z.enum(["CONSTRUCTION", "GOVERNMENT_PROCUREMENT"], { error: E("required") }),
  buyerOrgId: z.uuid({ error: E("required") }),
  agentOrgId: z.uuid().optional(),
  region: z.string({ error: E("required") }).trim().regex(/^\d{6}$/, E("region")),
});

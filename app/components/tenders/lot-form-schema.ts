import { z } from "zod";
import { lotTermsShape, withCriteriaRules, decryptionWindowField } from "~/domain/tenders/lot-terms";
import { parseYuan } from "~/lib/money";
import { fromDatetimeLocal } from "~/lib/time";

/**
 * The lot form (create and edit draft), validated in the browser and again on the server (Conform). Built
 * from the domain's lot terms (~/domain/tenders/lot-terms: every length, the criteria rules, the decryption
 * window), so a limit changes in one place; the form only reads what a person types: amounts as exact
 * yuan → fen, instants as Beijing wall-clock times, and drops the criteria of 最低价法 (the hidden editor may
 * still hold rows). The statutory rules (periods, bond ≤ 2 %…) come back from the server as a list of
 * violations, each naming its rule and article. Messages are i18n keys, shown in the page's language.
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

const lotFormFields = {
  ...lotTermsShape,
  estimatedPriceFen: yuanField,
  ceilingPriceFen: yuanField,
  bondFen: yuanField,
  docsAvailableFrom: instantField,
  docsAvailableTo: instantField,
  clarificationCutoff: instantField,
  objectionCutoff: instantField,
  bidDeadline: instantField,
  // The form shows the window prefilled; emptied, it is an error rather than a silent default.
  decryptionWindowMinutes: decryptionWindowField,
};

const lotFormObject = z.object(lotFormFields);

/** 最低价法 takes no criteria: whatever the hidden editor held is dropped before the domain's criteria rule. */
function dropLowestPriceCriteria<V extends { evaluationMethod: string; criteria: unknown[] }>(v: V): V {
  return v.evaluationMethod === "LOWEST_PRICE" ? { ...v, criteria: [] } : v;
}

export const createLotFormSchema = withCriteriaRules(lotFormObject.extend({ projectId: z.uuid() }).transform(dropLowestPriceCriteria));
export const updateLotFormSchema = withCriteriaRules(
  lotFormObject.extend({ intent: z.literal("save"), expectedVersion: z.coerce.number().int().min(1) }).transform(dropLowestPriceCriteria),
);

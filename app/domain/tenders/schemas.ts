import { z } from "zod";
import { parseMsg } from "~/domain/accounts/messages";
import { DomainError } from "~/domain/errors";
import { requiredText } from "./lot-terms";

/**
 * The tenders forms' Zod schemas, ONE per form, used by Conform in the browser and by the action and the
 * domain function on the server (the lot terms are in lot-terms.ts). Messages are i18n keys
 * ("tenders:errors.…"). Pure: no server imports, so a route's component may use them.
 */
const E = (k: string) => `tenders:errors.${k}`;

/** 新建项目: the project form and createProject. */
export const createProjectSchema = z.object({
  /** Project number, e.g. GC-2026-0001. */
  code: z
    .string({ error: E("required") })
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9-]{2,39}$/, E("projectCode")),
  title: requiredText(200),
  procurementType: z.enum(["CONSTRUCTION", "GOVERNMENT_PROCUREMENT"], { error: E("required") }),
  buyerOrgId: z.uuid({ error: E("required") }),
  agentOrgId: z.uuid().nullish(),
  /** 行政区划代码, six digits. */
  region: z
    .string({ error: E("required") })
    .trim()
    .regex(/^\d{6}$/, E("region")),
});

/** A bidder's question (提问): the lot page's form and askQuestion. */
export const questionTextSchema = requiredText(5_000, "tenders:errors.questionRequired");

/** An objection (异议/质疑) to the documents or to the result: the lot page's two forms, raiseObjection and raiseResultObjection. */
export const objectionTextSchema = requiredText(10_000, E("objectionRequired"));

/** A bidder's text (question, objection) by its schema, or the schema's own message as a refusal on "text". */
export function parseBidderText(schema: z.ZodType<string>, value: unknown): string {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const { key, params } = parseMsg(r.error.issues[0]!.message);
  throw new DomainError(key, params, 422, "text");
}

import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data } from "@remix-run/node";
import type { z } from "zod";
import { FieldErrors } from "~/domain/accounts/field-errors";
import { msg } from "~/domain/accounts/messages";
import { isDomainError } from "~/domain/errors";
import { readForm } from "./csrf.server";

/**
 * The action side of a Conform form: readForm (size cap + CSRF), the form's Zod schema, then one domain
 * call. Refusals come back as Conform results (field errors next to their input, the rest on top),
 * with the DomainError's status; anything else propagates to the error boundary.
 */
export async function handleForm<S extends z.ZodType, R>(
  request: Request,
  schema: S | ((form: FormData) => S),
  run: (value: z.output<S>, form: FormData) => Promise<R>,
  opts: {
    hideFields?: string[];
    /** Multipart forms carrying a file (e.g. a signed contract). */
    maxBytes?: number;
    /** A 403/404 refusal answers the 404 page, not a form error: the form never tells whether the row is another's (cf. orHttp). */
    conceal?: boolean;
  } = {},
): Promise<R | ReturnType<typeof data<{ result: SubmissionResult<string[]> }>>> {
  let form: FormData;
  try {
    form = await readForm(request, opts.maxBytes ? { maxBytes: opts.maxBytes } : {});
  } catch (e) {
    if (!isDomainError(e)) throw e;
    return data({ result: { status: "error", error: { "": [msg(e.code, e.params)] } } as SubmissionResult<string[]> }, { status: e.status });
  }
  const submission = parseWithZod(form, { schema: typeof schema === "function" ? schema(form) : schema });
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields: opts.hideFields }) }, { status: 422 });
  }
  try {
    return await run(submission.value as z.output<S>, form);
  } catch (e) {
    if (e instanceof FieldErrors) {
      return data({ result: submission.reply({ fieldErrors: e.fieldErrors, hideFields: opts.hideFields }) }, { status: e.status });
    }
    if (isDomainError(e) && opts.conceal && (e.status === 403 || e.status === 404)) throw new Response(null, { status: 404 });
    if (isDomainError(e)) {
      const fieldErrors = e.field && e.field !== "form" ? { [e.field]: [msg(e.code, e.params)] } : undefined;
      return data(
        { result: submission.reply({ formErrors: fieldErrors ? undefined : [msg(e.code, e.params)], fieldErrors, hideFields: opts.hideFields }) },
        { status: e.status },
      );
    }
    throw e;
  }
}

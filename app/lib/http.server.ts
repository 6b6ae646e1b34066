import { data } from "@remix-run/node";
import type { TFunction } from "i18next";
import { DomainError, isDomainError, type DomainErrorStatus } from "~/domain/errors";
import { getT } from "./i18n.server";
import { isUuid } from "./uuid";

/** The error shape every form action and JSON API returns (useActionData / API clients read it). */
export interface ErrorBody {
  error: { code: string; message: string; field?: string };
}

/** A DomainError in the reader's language: `code` stays the stable key for programs, `message` is for people. */
export function localizeDomainError(e: DomainError, t: TFunction): ErrorBody["error"] {
  const message = t(e.code, { ...e.params, defaultValue: t("common:errors.internal") });
  return e.field ? { code: e.code, message, field: e.field } : { code: e.code, message };
}

/** A page action's refusal as data → useActionData().error (withDomainErrors, invalidForm). */
function domainErrorData(e: DomainError, t: TFunction) {
  return data<ErrorBody>({ error: localizeDomainError(e, t) }, { status: e.status });
}

/** For resource routes / JSON APIs: a real JSON Response with the DomainError's status. */
export function domainErrorResponse(e: DomainError, t: TFunction): Response {
  return Response.json({ error: localizeDomainError(e, t) } satisfies ErrorBody, {
    status: e.status,
    headers: { "Cache-Control": "no-store" },
  });
}

/**
 * Runs the one domain call of an action and turns a refusal into localized error data; anything else
 * (bugs, outages) propagates to the error boundary and the logs:
 *   export const action = async ({ request }) => withDomainErrors(request, async () => { … return { ok: true } }, "tenders");
 * Conform forms go through handleForm (form-action.server.ts), which does the same with field errors.
 */
export async function withDomainErrors<T>(request: Request, fn: () => Promise<T>, ns: string | string[] = "common") {
  try {
    return await fn();
  } catch (e) {
    if (!isDomainError(e)) throw e;
    const { t } = await getT(request, ns);
    return domainErrorData(e, t);
  }
}

/** How orHttp answers a refusal. */
export interface OrHttpOptions {
  /**
   * A resource route / JSON API: answer with the localized JSON error (ErrorBody) in the request's language,
   * message keys looked up in `ns`. Without it the Response has no body and a page's root ErrorBoundary
   * shows its own localized 403/404/… page.
   */
  json?: {
    request: Request;
    ns?: string | string[];
    /** As for getT: the signed-in user if the route has it, null for "nobody" (saves the session look-up). */
    user?: { locale?: string | null } | null;
  };
  /**
   * Answer 403 as 404, so the answer never tells whether another organisation's row exists. With `json`,
   * give the message key of the domain's own "not found" for that row (e.g. "tenders:errors.lotNotFound"):
   * the hidden row then reads exactly like a missing one.
   */
  conceal?: boolean | string;
  /** The route's own answer to some refusals (e.g. back to the page with the reason); undefined → the status. */
  answer?: (e: DomainError) => Response | undefined;
}

/**
 * The one idiom of loaders and resource routes (in the spirit of the Epic Stack's invariantResponse): run
 * the domain call; a DomainError becomes a thrown Response with the refusal's own status — never a 5xx for
 * a refusal — and anything else (bugs, outages) propagates to the logs:
 *   export const loader = ({ request, params }) => orHttp(getLot(actor, { lotId }), { conceal: true });
 *   return orHttp(async () => { …; return new Response(stream) }, { json: { request, ns: "tenders" } });
 * A thrown Response reaches a page's ErrorBoundary, and a resource route's caller as is (Remix returns it).
 */
export async function orHttp<T>(run: Promise<T> | (() => Promise<T>), opts: OrHttpOptions = {}): Promise<T> {
  try {
    return await (typeof run === "function" ? run() : run);
  } catch (e) {
    if (!isDomainError(e)) throw e;
    const own = opts.answer?.(e);
    if (own) throw own;
    const hidden = opts.conceal && e.status === 403;
    const refusal = hidden ? new DomainError(typeof opts.conceal === "string" ? opts.conceal : "common:errors.notFound", {}, 404) : e;
    if (!opts.json) throw new Response(null, { status: refusal.status });
    const { t } = await getT(opts.json.request, opts.json.ns ?? "common", opts.json.user);
    throw domainErrorResponse(refusal, t);
  }
}

/** A field-level "invalid form" refusal without going through the domain (e.g. a malformed upload). */
export function invalidForm(t: TFunction, field?: string, status: DomainErrorStatus = 400) {
  return domainErrorData(new DomainError("common:errors.invalidForm", {}, status, field), t);
}

/** `throw notFound()` from a loader: the root ErrorBoundary shows the localized 404 page. */
export function notFound(): Response {
  return new Response(null, { status: 404, statusText: "Not Found" });
}

/** Only same-site relative paths: keeps `redirectTo` form fields from becoming an open redirect. */
export function safeRedirectPath(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  if (/[\u0000-\u001f]/.test(to)) return fallback;
  return to;
}

/** A uuid route parameter, or `throw notFound()`. */
export function uuidParam(value: string | undefined): string {
  if (!isUuid(value)) throw notFound();
  return value;
}

import { data } from "@remix-run/node";
import type { TFunction } from "i18next";
import { DomainError, isDomainError, type DomainErrorStatus } from "~/domain/errors";
import { getT } from "./i18n.server";

/** The error shape every form action and JSON API returns (useActionData / API clients read it). */
export interface ErrorBody {
  error: { code: string; message: string; field?: string };
}

/** A DomainError in the reader's language: `code` stays the stable key for programs, `message` is for people. */
export function localizeDomainError(e: DomainError, t: TFunction): ErrorBody["error"] {
  const message = t(e.code, { ...e.params, defaultValue: t("common:errors.internal") });
  return e.field ? { code: e.code, message, field: e.field } : { code: e.code, message };
}

/** For page routes' actions/loaders: `return domainErrorData(e, t)` → useActionData().error. */
export function domainErrorData(e: DomainError, t: TFunction) {
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

/** Same as withDomainErrors for JSON API routes (returns a Response). */
export async function withDomainErrorsJson<T>(request: Request, fn: () => Promise<T>, ns: string | string[] = "common") {
  try {
    return await fn();
  } catch (e) {
    if (!isDomainError(e)) throw e;
    const { t } = await getT(request, ns);
    return domainErrorResponse(e, t);
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

/** `throw forbidden()` when a row exists but is not the caller's (prefer assertCan for role checks). */
export function forbidden(): Response {
  return new Response(null, { status: 403, statusText: "Forbidden" });
}

/** Only same-site relative paths: keeps `redirectTo` form fields from becoming an open redirect. */
export function safeRedirectPath(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  if (/[\u0000-\u001f]/.test(to)) return fallback;
  return to;
}

/**
 * A loader's scoped read: the domain's refusal (403 not yours, 404 unknown) becomes a plain 404 page, so
 * the answer never tells whether another organisation's row exists; anything else propagates.
 */
export async function orNotFound<T>(read: Promise<T>): Promise<T> {
  try {
    return await read;
  } catch (e) {
    if (isDomainError(e) && (e.status === 404 || e.status === 403)) throw notFound();
    throw e;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A uuid route parameter, or `throw notFound()`. */
export function uuidParam(value: string | undefined): string {
  if (!value || !UUID.test(value)) throw notFound();
  return value;
}

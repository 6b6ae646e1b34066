import { DomainError } from "~/domain/errors";
import { readCapped } from "~/lib/csrf.server";
import { orHttp } from "~/lib/http.server";
import type { ApiActor } from "~/domain/bids/api-actor";
import { authenticateApi } from "./api-auth.server";

/**
 * The wrapper of every bid API route: authenticate (token or session + CSRF header), run, and turn a
 * refusal into the shared localized JSON error `{ error: { code, message, field } }` with its status.
 * Bigints in the result are sent as decimal strings.
 */
export async function bidApi(request: Request, run: (who: ApiActor) => Promise<unknown>, status = 200): Promise<Response> {
  return orHttp(
    async () => {
      const who = await authenticateApi(request);
      const out = await run(who);
      if (out instanceof Response) return out;
      return new Response(JSON.stringify(out, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)), {
        status,
        headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" },
      });
    },
    // An API caller has no page session to take a language from: Accept-Language decides.
    { json: { request, ns: ["bids", "common"], user: null } },
  );
}

/** JSON body of an API request, capped (bid API bodies are small: the bytes go through the upload). */
export async function readJson(request: Request, maxBytes = 64 * 1024): Promise<unknown> {
  // Capped while reading (readCapped): a body without or lying about its Content-Length stops at the limit.
  const text = new TextDecoder().decode(await readCapped(request, maxBytes));
  // A NUL escaped in JSON would reach PostgreSQL, which cannot store it in text (issue 13 §10).
  if (/\\u0000/i.test(text)) throw new DomainError("common:errors.badRequest", {}, 400);
  try {
    return JSON.parse(text);
  } catch {
    throw new DomainError("common:errors.badRequest", {}, 400);
  }
}

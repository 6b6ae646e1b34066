import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { endSession } from "~/domain/accounts/end-session";
import { actorFromRequest } from "~/lib/auth.server";
import { readForm } from "~/lib/csrf.server";
import { orHttp } from "~/lib/http.server";
import { clearSessionCookie, readSessionToken } from "~/lib/session.server";

/** GET never logs out (a link or an <img> on another site must not end a session). */
export const loader = () => redirect("/");

/** POST /logout (CSRF-checked): deletes the session row, audits session.logout, clears the cookie. */
export async function action({ request }: ActionFunctionArgs) {
  // An expired CSRF cookie must not trap a user in a session: go home, where a fresh token is issued.
  await orHttp(readForm(request), { answer: () => redirect("/") });
  const token = readSessionToken(request);
  if (token) await endSession(actorFromRequest(request, null), { token });
  return redirect("/", { headers: { "Set-Cookie": clearSessionCookie() } });
}

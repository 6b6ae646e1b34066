import { useRouteLoaderData } from "@remix-run/react";

/** Name of the hidden form field that carries the CSRF token (checked by ~/lib/csrf.server). */
export const CSRF_FIELD = "csrf";

/** Put inside every <Form method="post">: the token comes from the root loader. */
export function CsrfInput() {
  const root = useRouteLoaderData("root") as { csrfToken?: string } | undefined;
  return <input type="hidden" name={CSRF_FIELD} value={root?.csrfToken ?? ""} />;
}

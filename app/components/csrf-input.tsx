import { useRouteLoaderData } from "@remix-run/react";
import { CSRF_FIELD } from "~/lib/csrf";

/** Put inside every <Form method="post">: the token comes from the root loader. */
export function CsrfInput() {
  const root = useRouteLoaderData("root") as { csrfToken?: string } | undefined;
  return <input type="hidden" name={CSRF_FIELD} value={root?.csrfToken ?? ""} />;
}

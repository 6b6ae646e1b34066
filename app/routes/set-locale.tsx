import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "~/components/csrf-input";
import { LanguageButtons } from "~/components/language-switch";
import { DomainError } from "~/domain/errors";
import { readForm } from "~/lib/csrf.server";
import { safeRedirectPath, withDomainErrors } from "~/lib/http.server";
import { pageTitle } from "~/lib/i18n";
import { isLocale } from "~/lib/locale";
import { serializeLocaleCookie } from "~/lib/locale.server";

/**
 * POST /set-locale (lng, redirectTo, csrf): remembers the language in the `lng` cookie and goes back to
 * the page the visitor was on. A plain form post, so it works without JavaScript. An unknown language
 * (or a failed CSRF check) is answered on this page with a localized message, and nothing is stored.
 * GET shows the same choice as a page.
 */
export async function action({ request }: ActionFunctionArgs) {
  return withDomainErrors(request, async () => {
    const form = await readForm(request);
    const lng = form.get("lng");
    if (!isLocale(lng)) throw new DomainError("common:errors.unsupportedLocale", {}, 400, "lng");
    return redirect(safeRedirectPath(form.get("redirectTo")), {
      headers: { "Set-Cookie": serializeLocaleCookie(lng) },
    });
  });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "common:language.title");

export default function SetLocalePage() {
  const { t, i18n } = useTranslation();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const back = params.get("redirectTo") ?? "/";
  const error = result && "error" in result ? result.error : null;
  return (
    <section className="narrow" aria-labelledby="lang-title">
      <h1 id="lang-title">{t("language.title")}</h1>
      {error ? (
        <div className="alert alert--error" role="alert">
          {error.message}
        </div>
      ) : null}
      <p>{t("language.intro")}</p>
      <Form method="post" className="stack">
        <CsrfInput />
        <input type="hidden" name="redirectTo" value={back} />
        <LanguageButtons current={i18n.language} className={(lng) => (lng === i18n.language ? "btn btn--primary" : "btn btn--secondary")} />
      </Form>
    </section>
  );
}

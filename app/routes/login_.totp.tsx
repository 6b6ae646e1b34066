import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field, FormAlert } from "~/components/accounts/field";
import { CsrfInput } from "~/components/csrf-input";
import { totpCodeSchema } from "~/domain/accounts/schemas";
import { verifyTotp } from "~/domain/accounts/verify-totp";
import { actorFromRequest, getOptionalUser, getPendingSession } from "~/lib/auth.server";
import { handleForm } from "~/lib/form-action.server";
import { safeRedirectPath } from "~/lib/http.server";
import { pageTitle } from "~/lib/i18n";
import { sessionCookie } from "~/lib/session.server";
import accountsCss from "~/styles/accounts.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: accountsCss }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "accounts:totp.title");

/** Only for a password-verified session of an enrolled user; everyone else goes where they belong. */
export async function loader({ request }: LoaderFunctionArgs) {
  const back = safeRedirectPath(new URL(request.url).searchParams.get("redirectTo"));
  if (await getOptionalUser(request)) throw redirect(back);
  const pending = await getPendingSession(request);
  if (!pending) throw redirect("/login");
  if (!pending.user.totpEnabled) throw redirect("/account/security");
  return { displayName: pending.user.displayName };
}

export async function action({ request }: ActionFunctionArgs) {
  return handleForm(request, totpCodeSchema, async (v) => {
    const pending = await getPendingSession(request);
    if (!pending) throw redirect("/login");
    const r = await verifyTotp(actorFromRequest(request, pending.user), { pendingToken: pending.token, code: v.code });
    const back = safeRedirectPath(new URL(request.url).searchParams.get("redirectTo"));
    return redirect(back, { headers: { "Set-Cookie": sessionCookie(r.token) } });
  });
}

export default function TotpPage() {
  const { t } = useTranslation("accounts");
  const { displayName } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>()?.result;
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const [form, fields] = useForm({
    id: "totp",
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: totpCodeSchema }),
    shouldValidate: "onSubmit",
  });
  const q = params.get("redirectTo") ? `?redirectTo=${encodeURIComponent(params.get("redirectTo")!)}` : "";
  return (
    <div className="auth auth--single">
      <section className="auth-card" aria-labelledby="totp-title">
        <h1 id="totp-title">{t("totp.title")}</h1>
        <p>{t("totp.intro", { name: displayName })}</p>
        <FormAlert id={form.errorId} errors={form.errors} />
        <Form method="post" action={`/login/totp${q}`} className="form" {...getFormProps(form)}>
          <CsrfInput />
          <Field
            meta={fields.code}
            label={t("fields.totpCode")}
            hint={t("totp.hint")}
            autoComplete="one-time-code"
            inputMode="numeric"
            inputClassName="otp-input"
            autoFocus
          />
          <button type="submit" className="btn btn--primary btn--block btn--large" disabled={busy}>
            {t("totp.submit")}
          </button>
        </Form>
        <div className="auth-card__foot">
          <p className="muted">{t("totp.lostDevice")}</p>
          <Form method="post" action="/logout">
            <CsrfInput />
            <button type="submit" className="btn btn--secondary">
              {t("totp.cancel")}
            </button>
          </Form>
        </div>
      </section>
    </div>
  );
}

import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field, FormAlert } from "~/components/accounts/field";
import { CsrfInput } from "~/components/csrf-input";
import { workspaceOf } from "~/components/nav-items";
import { authenticatePassword } from "~/domain/accounts/authenticate-password";
import { loginSchema } from "~/domain/accounts/schemas";
import { actorFromRequest, getOptionalUser } from "~/lib/auth.server";
import { handleForm } from "~/lib/form-action.server";
import { safeRedirectPath } from "~/lib/http.server";
import { pageTitle } from "~/lib/i18n";
import { readSessionToken, sessionCookie } from "~/lib/session.server";
import accountsCss from "~/styles/accounts.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: accountsCss }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "accounts:login.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  if (user) throw redirect(safeRedirectPath(new URL(request.url).searchParams.get("redirectTo"), workspaceOf(user.role)));
  return null;
}

/** Password step. Where it goes next depends on the role: straight in, the TOTP step, or TOTP enrolment. */
export async function action({ request }: ActionFunctionArgs) {
  return handleForm(
    request,
    loginSchema,
    async (v) => {
      const r = await authenticatePassword(actorFromRequest(request, null), {
        username: v.username,
        password: v.password,
        previousToken: readSessionToken(request) ?? undefined,
      });
      // No particular destination: each role lands on its own workspace (the bidder on /bidder, …).
      const back = safeRedirectPath(v.redirectTo, workspaceOf(r.role));
      const q = `?redirectTo=${encodeURIComponent(back)}`;
      const to = r.next === "done" ? back : r.next === "totp" ? `/login/totp${q}` : `/account/security${q}`;
      return redirect(to, { headers: { "Set-Cookie": sessionCookie(r.token) } });
    },
    { hideFields: ["password"] },
  );
}

export default function LoginPage() {
  const { t } = useTranslation("accounts");
  const lastResult = useActionData<typeof action>()?.result;
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const [form, fields] = useForm({
    id: "login",
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: loginSchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  return (
    <div className="auth">
      <section className="auth__intro" aria-labelledby="login-intro">
        <h1 id="login-intro">{t("login.introTitle")}</h1>
        <p>{t("login.introText")}</p>
        <ul className="auth__points">
          <li>{t("login.point1")}</li>
          <li>{t("login.point2")}</li>
          <li>{t("login.point3")}</li>
        </ul>
      </section>
      <section className="auth-card" aria-labelledby="login-title">
        <h2 id="login-title">{t("login.title")}</h2>
        <FormAlert id={form.errorId} errors={form.errors} />
        <Form method="post" className="form" {...getFormProps(form)}>
          <CsrfInput />
          <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
          <Field meta={fields.username} label={t("fields.username")} autoComplete="username" autoFocus />
          <Field meta={fields.password} label={t("fields.password")} type="password" autoComplete="current-password" />
          <button type="submit" className="btn btn--primary btn--block btn--large" disabled={busy}>
            {busy ? t("login.submitting") : t("login.submit")}
          </button>
        </Form>
        <div className="auth-card__foot">
          <p>
            {t("login.noAccount")} <Link to="/register">{t("login.registerLink")}</Link>
          </p>
          <p className="muted">{t("login.lockNote")}</p>
        </div>
      </section>
    </div>
  );
}

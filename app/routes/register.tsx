import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LinksFunction, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field, FormAlert } from "~/components/accounts/field";
import { CsrfInput } from "~/components/csrf-input";
import { PASSWORD_MIN } from "~/domain/accounts/check-password-policy";
import { registerCompany } from "~/domain/accounts/register-company";
import { registerSchema } from "~/domain/accounts/schemas";
import { actorFromRequest } from "~/lib/auth.server";
import { handleForm } from "~/lib/form-action.server";
import { pageTitle } from "~/lib/i18n";
import accountsCss from "~/styles/accounts.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: accountsCss }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "accounts:register.title");

/**
 * Company registration (public): the company with its 统一社会信用代码 and its first bidder user. The same
 * Zod schema validates here and in the browser. A well-formed application always gets the same answer —
 * "confirm from the e-mail we sent" — whether it is new or collides with an existing account (issue 13
 * item 9; registerCompany); the account is created from the e-mailed link (/register/confirm). Too many
 * applications from one address answer 429 with the wait.
 */
export async function action({ request }: ActionFunctionArgs) {
  return handleForm(
    request,
    registerSchema,
    async (v) => {
      const r = await registerCompany(actorFromRequest(request, null), v);
      return { done: { email: r.email, hours: r.hours } };
    },
    { hideFields: ["password", "confirmPassword"] },
  );
}

export default function RegisterPage() {
  const { t } = useTranslation("accounts");
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const [form, fields] = useForm({
    id: "register",
    lastResult: result && "result" in result ? result.result : undefined,
    constraint: getZodConstraint(registerSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: registerSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });

  if (result && "done" in result) {
    const d = result.done;
    return (
      <div className="auth auth--single">
        <section className="auth-card" aria-labelledby="done-title">
          <h1 id="done-title">{t("register.submittedTitle")}</h1>
          <div className="alert alert--success" role="status">
            {t("register.submittedText", { email: d.email, hours: d.hours })}
          </div>
          <p>{t("register.submittedNote")}</p>
          <p className="row-actions">
            <Link to="/" className="btn btn--secondary">
              {t("register.backHome")}
            </Link>
          </p>
        </section>
      </div>
    );
  }

  return (
    <div className="register">
      <h1>{t("register.title")}</h1>
      <p className="lead">{t("register.intro")}</p>
      <FormAlert id={form.errorId} errors={form.errors} />
      <Form method="post" {...getFormProps(form)}>
        <CsrfInput />
        <fieldset>
          <legend>{t("register.companySection")}</legend>
          <div className="form-grid">
            <Field meta={fields.companyName} label={t("fields.companyName")} autoComplete="organization" className="span-2" />
            <Field meta={fields.creditCode} label={t("fields.creditCode")} hint={t("register.creditCodeHint")} className="span-2" />
            <Field meta={fields.region} label={t("fields.region")} hint={t("register.regionHint")} inputMode="numeric" />
            <Field meta={fields.address} label={t("fields.address")} autoComplete="street-address" />
            <Field meta={fields.contactName} label={t("fields.contactName")} />
            <Field meta={fields.contactPhone} label={t("fields.contactPhone")} type="tel" autoComplete="tel" />
          </div>
        </fieldset>
        <fieldset>
          <legend>{t("register.userSection")}</legend>
          <div className="form-grid">
            <Field meta={fields.username} label={t("fields.username")} hint={t("register.usernameHint")} autoComplete="username" />
            <Field meta={fields.displayName} label={t("fields.displayName")} autoComplete="name" />
            <Field meta={fields.email} label={t("fields.email")} type="email" autoComplete="email" />
            <Field meta={fields.phone} label={t("fields.phone")} type="tel" autoComplete="tel" />
            <Field
              meta={fields.password}
              label={t("fields.password")}
              type="password"
              hint={t("password.rules", { min: PASSWORD_MIN })}
              autoComplete="new-password"
            />
            <Field meta={fields.confirmPassword} label={t("fields.confirmPassword")} type="password" autoComplete="new-password" />
          </div>
        </fieldset>
        <p className="row-actions">
          <button type="submit" className="btn btn--primary btn--large" disabled={busy}>
            {busy ? t("register.submitting") : t("register.submit")}
          </button>
          <Link to="/login" className="btn btn--secondary btn--large">
            {t("register.haveAccount")}
          </Link>
        </p>
      </Form>
    </div>
  );
}

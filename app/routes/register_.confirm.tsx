import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormAlert } from "~/components/accounts/field";
import { CsrfInput } from "~/components/csrf-input";
import { confirmRegistration, getRegistrationRequest } from "~/domain/accounts/confirm-registration";
import { isDomainError } from "~/domain/errors";
import { actorFromRequest } from "~/lib/auth.server";
import { handleForm } from "~/lib/form-action.server";
import { pageTitle } from "~/lib/i18n";
import { sessionCookie } from "~/lib/session.server";
import accountsCss from "~/styles/accounts.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: accountsCss }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "accounts:register.confirmTitle");

/**
 * /register/confirm?token=… — the link e-mailed to a company that applied at /register (issue 13 item 9).
 * Opening it shows the application and one button (a mail scanner following links confirms nothing); the
 * button creates the company and its bidder user and signs them in (confirmRegistration). A used, expired
 * or unknown link answers 404 in words.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const token = (new URL(request.url).searchParams.get("token") ?? "").slice(0, 200);
  try {
    return { token, application: await getRegistrationRequest(actorFromRequest(request, null), token) };
  } catch (e) {
    // Not orHttp: a dead link is this page's own 404 in words (the page explains it), not the error page.
    if (!isDomainError(e) || e.status !== 404) throw e;
    return data({ token: "", application: null }, { status: 404 });
  }
}

const schema = z.object({ token: z.string().min(1).max(200) });

export async function action({ request }: ActionFunctionArgs) {
  return handleForm(request, schema, async (v) => {
    const r = await confirmRegistration(actorFromRequest(request, null), v.token);
    return data(
      { done: { orgName: r.orgName, creditCode: r.creditCode, username: r.username } },
      { headers: { "Set-Cookie": sessionCookie(r.token) } },
    );
  });
}

export default function ConfirmRegistrationPage() {
  const { t } = useTranslation("accounts");
  const { token, application } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as { done?: { orgName: string; creditCode: string; username: string }; result?: SubmissionResult<string[]> } | undefined;
  const busy = useNavigation().state !== "idle";
  const [form] = useForm({ id: "confirm-registration", lastResult: result?.result });

  if (result?.done) {
    const d = result.done;
    return (
      <div className="auth auth--single">
        <section className="auth-card" aria-labelledby="done-title">
          <h1 id="done-title">{t("register.doneTitle")}</h1>
          <div className="alert alert--success" role="status">
            {t("register.doneText", { org: d.orgName })}
          </div>
          <dl className="facts">
            <dt>{t("fields.companyName")}</dt>
            <dd>{d.orgName}</dd>
            <dt>{t("fields.creditCode")}</dt>
            <dd className="mono">{d.creditCode}</dd>
            <dt>{t("fields.username")}</dt>
            <dd className="mono">{d.username}</dd>
          </dl>
          <p>{t("register.certificateNote")}</p>
          <p className="row-actions">
            <Link to="/bidder" className="btn btn--primary">
              {t("register.goWorkspace")}
            </Link>
            <Link to="/account/security" className="btn btn--secondary">
              {t("register.setupTotp")}
            </Link>
          </p>
        </section>
      </div>
    );
  }

  return (
    <div className="auth auth--single">
      <section className="auth-card" aria-labelledby="confirm-title">
        <h1 id="confirm-title">{t("register.confirmTitle")}</h1>
        {application ? (
          <>
            <p>{t("register.confirmLead")}</p>
            <dl className="facts">
              <dt>{t("fields.companyName")}</dt>
              <dd>{application.companyName}</dd>
              <dt>{t("fields.creditCode")}</dt>
              <dd className="mono">{application.creditCode}</dd>
              <dt>{t("fields.username")}</dt>
              <dd className="mono">{application.username}</dd>
              <dt>{t("fields.email")}</dt>
              <dd className="mono">{application.email}</dd>
            </dl>
            <FormAlert id={form.errorId} errors={form.errors} />
            <Form method="post" {...getFormProps(form)}>
              <CsrfInput />
              <input type="hidden" name="token" value={token} />
              <p className="row-actions">
                <button type="submit" className="btn btn--primary btn--large" disabled={busy}>
                  {t("register.confirmSubmit")}
                </button>
              </p>
            </Form>
          </>
        ) : (
          <>
            <div className="alert alert--error" role="alert">
              {t("errors.registrationLinkInvalid")}
            </div>
            <p className="row-actions">
              <Link to="/register" className="btn btn--secondary">
                {t("register.again")}
              </Link>
            </p>
          </>
        )}
      </section>
    </div>
  );
}

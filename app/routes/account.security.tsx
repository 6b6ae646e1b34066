import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import QRCode from "qrcode";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Field, FormAlert } from "~/components/accounts/field";
import { CsrfInput } from "~/components/csrf-input";
import { changePassword } from "~/domain/accounts/change-password";
import { PASSWORD_MIN } from "~/domain/accounts/check-password-policy";
import { confirmTotpEnrolment } from "~/domain/accounts/confirm-totp-enrolment";
import { enrolTotp } from "~/domain/accounts/enrol-totp";
import { getTotpEnrolment } from "~/domain/accounts/get-totp-enrolment";
import { changePasswordSchema, totpCodeSchema } from "~/domain/accounts/schemas";
import { actorFromRequest, getAnySession } from "~/lib/auth.server";
import { getEnv } from "~/lib/env.server";
import { handleForm } from "~/lib/form-action.server";
import { safeRedirectPath } from "~/lib/http.server";
import { pageTitle } from "~/lib/i18n";
import { sessionCookie } from "~/lib/session.server";
import accountsCss from "~/styles/accounts.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: accountsCss }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "accounts:security.title");

/**
 * Account security: TOTP enrolment (QR code + manual secret, confirmed by a code) and password change.
 * Also the one page a password-only session may reach when its role requires TOTP and none is enrolled
 * yet: confirming the enrolment there completes the login (new session id).
 */
async function session(request: Request) {
  const s = await getAnySession(request);
  if (!s) throw redirect("/login?redirectTo=%2Faccount%2Fsecurity");
  return s;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const s = await session(request);
  const totp = await getTotpEnrolment(actorFromRequest(request, s.user), { issuer: getEnv().CENTRE_NAME });
  const qr = totp.pending ? await QRCode.toDataURL(totp.pending.uri, { margin: 1, width: 200, errorCorrectionLevel: "M" }) : null;
  return {
    username: s.user.username,
    pendingLogin: s.pending,
    totp: { enabled: totp.enabled, required: totp.required, secret: totp.pending?.secret ?? null, qr },
  };
}

const startSchema = z.object({ intent: z.literal("start") });
const confirmSchema = totpCodeSchema.extend({ intent: z.literal("confirm") });

export async function action({ request }: ActionFunctionArgs) {
  const s = await session(request);
  const actor = actorFromRequest(request, s.user);
  const pick = (form: FormData) => {
    const intent = form.get("intent");
    if (intent === "start") return startSchema;
    if (intent === "confirm") return confirmSchema;
    return changePasswordSchema(s.user.username);
  };
  const reply = await handleForm(
    request,
    pick as (form: FormData) => z.ZodType<{ intent: string; code?: string; currentPassword?: string; password?: string; confirmPassword?: string }>,
    async (v) => {
      if (v.intent === "start") {
        await enrolTotp(actor, { issuer: getEnv().CENTRE_NAME });
        return { intent: "start", ok: true as const };
      }
      if (v.intent === "confirm") {
        const r = await confirmTotpEnrolment(actor, { code: v.code!, sessionToken: s.token, sessionPending: s.pending });
        if (r.token) {
          const back = safeRedirectPath(new URL(request.url).searchParams.get("redirectTo"));
          return redirect(back, { headers: { "Set-Cookie": sessionCookie(r.token) } });
        }
        return { intent: "confirm", ok: true as const };
      }
      if (s.pending) throw redirect("/account/security");
      await changePassword(actor, { currentPassword: v.currentPassword!, password: v.password!, confirmPassword: v.confirmPassword! }, { sessionToken: s.token });
      return { intent: "password", ok: true as const };
    },
    { hideFields: ["currentPassword", "password", "confirmPassword", "code"] },
  );
  return reply;
}

type ActionResult = { intent?: string; ok?: true; result?: SubmissionResult<string[]> };

export default function SecurityPage() {
  const { t } = useTranslation("accounts");
  const { totp, pendingLogin, username } = useLoaderData<typeof loader>();
  const res = useActionData<typeof action>() as ActionResult | undefined;
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  // Which of the page's forms a reply belongs to: the intent it carried (errors echo the submitted values).
  const intent = res?.intent ?? (res?.result?.initialValue?.intent as string | undefined);
  const q = params.get("redirectTo") ? `?redirectTo=${encodeURIComponent(params.get("redirectTo")!)}` : "";
  return (
    <div className="narrow-wide">
      <h1>{t("security.title")}</h1>
      {res?.result && !intent ? <FormAlert errors={res.result.error?.[""] ?? undefined} /> : null}
      {pendingLogin ? (
        <div className="alert alert--warning" role="alert">
          {t("security.mustEnrol")}
        </div>
      ) : null}
      <section className="panel" aria-labelledby="totp-h">
        <h2 id="totp-h">{t("security.totpTitle")}</h2>
        {totp.enabled ? (
          <div className="alert alert--success" role="status">
            {res?.intent === "confirm" && res.ok ? t("security.totpJustEnabled") : t("security.totpEnabled")}
          </div>
        ) : totp.secret ? (
          <TotpConfirm qr={totp.qr!} secret={totp.secret} action={`/account/security${q}`} lastResult={intent === "confirm" ? res?.result : undefined} busy={busy} />
        ) : (
          <>
            <p>{totp.required ? t("security.totpRequired") : t("security.totpOptional")}</p>
            <Form method="post" action={`/account/security${q}`}>
              <CsrfInput />
              <button type="submit" name="intent" value="start" className="btn btn--primary" disabled={busy}>
                {t("security.totpStart")}
              </button>
            </Form>
          </>
        )}
      </section>
      {pendingLogin ? null : (
        <PasswordChange username={username} lastResult={intent === "password" ? res?.result : undefined} done={res?.intent === "password" && !!res.ok} busy={busy} />
      )}
    </div>
  );
}

function TotpConfirm({ qr, secret, action, lastResult, busy }: { qr: string; secret: string; action: string; lastResult?: ActionResult["result"]; busy: boolean }) {
  const { t } = useTranslation("accounts");
  const [form, fields] = useForm({
    id: "totp-confirm",
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: confirmSchema }),
    shouldValidate: "onSubmit",
  });
  return (
    <>
      <ol className="steps">
        <li>{t("security.step1")}</li>
        <li>{t("security.step2")}</li>
        <li>{t("security.step3")}</li>
      </ol>
      <div className="qr">
        <img src={qr} alt={t("security.qrAlt")} width={200} height={200} />
        <div>
          <p className="form-label">{t("security.manualSecret")}</p>
          <p className="secret" data-testid="totp-secret">
            {secret.replace(/(.{4})/g, "$1 ").trim()}
          </p>
          <p className="form-hint">{t("security.manualHint")}</p>
        </div>
      </div>
      <FormAlert id={form.errorId} errors={form.errors} />
      <Form method="post" action={action} className="form" {...getFormProps(form)}>
        <CsrfInput />
        <input type="hidden" name="intent" value="confirm" />
        <Field meta={fields.code} label={t("fields.totpCode")} autoComplete="one-time-code" inputMode="numeric" inputClassName="otp-input" />
        <p>
          <button type="submit" className="btn btn--primary" disabled={busy}>
            {t("security.totpConfirm")}
          </button>
        </p>
      </Form>
    </>
  );
}

function PasswordChange({ username, lastResult, done, busy }: { username: string; lastResult?: ActionResult["result"]; done: boolean; busy: boolean }) {
  const { t } = useTranslation("accounts");
  const schema = changePasswordSchema(username);
  const [form, fields] = useForm({
    id: "password",
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <section className="panel" aria-labelledby="pw-h">
      <h2 id="pw-h">{t("security.passwordTitle")}</h2>
      {done ? (
        <div className="alert alert--success" role="status">
          {t("security.passwordChanged")}
        </div>
      ) : null}
      <FormAlert id={form.errorId} errors={form.errors} />
      <Form method="post" className="form" {...getFormProps(form)}>
        <CsrfInput />
        <input type="hidden" name="intent" value="password" />
        <Field meta={fields.currentPassword} label={t("fields.currentPassword")} type="password" autoComplete="current-password" />
        <Field meta={fields.password} label={t("fields.newPassword")} type="password" hint={t("password.rules", { min: PASSWORD_MIN })} autoComplete="new-password" />
        <Field meta={fields.confirmPassword} label={t("fields.confirmPassword")} type="password" autoComplete="new-password" />
        <p>
          <button type="submit" className="btn btn--primary" disabled={busy}>
            {t("security.passwordSubmit")}
          </button>
        </p>
      </Form>
    </section>
  );
}

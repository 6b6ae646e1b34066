import { getFormProps, getSelectProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Field, FieldErrors, FormAlert } from "~/components/accounts/field";
import { StatusBadges } from "~/components/accounts/status-badges";
import { CsrfInput } from "~/components/csrf-input";
import { UserSearch } from "~/components/accounts/user-search";
import { DataTable } from "~/components/data-table";
import { createAccount } from "~/domain/accounts/create-account";
import { createOrganisation } from "~/domain/accounts/create-organisation";
import { disableAccount } from "~/domain/accounts/disable-account";
import { enableAccount } from "~/domain/accounts/enable-account";
import { listManagedOrganisations } from "~/domain/accounts/list-managed-organisations";
import { listUsers } from "~/domain/accounts/list-users";
import { STAFF_CREATABLE_ROLES } from "~/domain/accounts/roles";
import { createAccountSchema, createOrganisationSchema, ORG_KINDS_MANAGED } from "~/domain/accounts/schemas";
import { requirePermission } from "~/lib/auth.server";
import { handleForm } from "~/lib/form-action.server";
import { formatInstant } from "~/lib/time";
import { pageTitle } from "~/lib/i18n";
import accountsCss from "~/styles/accounts.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: accountsCss }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "accounts:adminUsers.title");

/** 系统管理员: accounts of the centre, buyers, agents, supervision; organisations; disable / enable. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "account.manage");
  const q = new URL(request.url).searchParams.get("q") ?? "";
  const [users, orgs] = await Promise.all([listUsers(actor, { q }), listManagedOrganisations(actor)]);
  return {
    q,
    me: actor.user.id,
    users: users.map((u) => ({ ...u, lockedUntil: u.lockedUntil?.toISOString() ?? null, lastLoginAt: u.lastLoginAt?.toISOString() ?? null })),
    orgs,
  };
}

const statusSchema = z.object({ intent: z.enum(["disable", "enable"]), userId: z.uuid() });

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "account.manage");
  const pick = (form: FormData) => {
    const intent = form.get("intent");
    return intent === "create" ? createAccountSchema : intent === "createOrg" ? createOrganisationSchema : statusSchema;
  };
  return handleForm(
    request,
    pick as (form: FormData) => z.ZodType<{ intent: string } & Record<string, unknown>>,
    async (v) => {
      if (v.intent === "create") await createAccount(actor, v);
      else if (v.intent === "createOrg") await createOrganisation(actor, v);
      else if (v.intent === "disable") await disableAccount(actor, { userId: v.userId as string });
      else await enableAccount(actor, { userId: v.userId as string });
      return { intent: v.intent, ok: true as const };
    },
    { hideFields: ["password"] },
  );
}

type Reply = { intent?: string; ok?: true; result?: SubmissionResult<string[]> };

export default function AdminUsersPage() {
  const { t, i18n } = useTranslation("accounts");
  const { users, orgs, q, me } = useLoaderData<typeof loader>();
  const res = useActionData<typeof action>() as Reply | undefined;
  const intent = res?.intent ?? (res?.result?.initialValue?.intent as string | undefined);
  const busy = useNavigation().state !== "idle";
  return (
    <>
      <h1>{t("adminUsers.title")}</h1>
      {res?.ok ? (
        <div className="alert alert--success" role="status">
          {t(`adminUsers.done.${res.intent}`)}
        </div>
      ) : null}
      {intent === "disable" || intent === "enable" || (res?.result && !intent) ? <FormAlert errors={res?.result?.error?.[""] ?? undefined} /> : null}
      <UserSearch q={q} />
      <DataTable
        caption={<caption>{t("adminUsers.tableCaption", { count: users.length })}</caption>}
        head={
          <>
            <th scope="col">{t("fields.username")}</th>
            <th scope="col">{t("fields.displayName")}</th>
            <th scope="col">{t("fields.role")}</th>
            <th scope="col">{t("fields.organisation")}</th>
            <th scope="col">{t("adminUsers.status")}</th>
            <th scope="col">{t("adminUsers.lastLogin")}</th>
            <th scope="col">{t("adminUsers.actions")}</th>
          </>
        }
      >
        {users.map((u) => (
          <tr key={u.id}>
            <td className="mono">{u.username}</td>
            <td>{u.displayName}</td>
            <td>{t(`common:roles.${u.role}`)}</td>
            <td>{u.orgName}</td>
            <td>
              <StatusBadges u={u} />
            </td>
            <td>{u.lastLoginAt ? formatInstant(u.lastLoginAt, i18n.language, "datetimeShort") : "—"}</td>
            <td>
              {u.id === me || ["SYSTEM_ADMIN", "SECURITY_ADMIN", "AUDIT_ADMIN"].includes(u.role) ? null : (
                <Form method="post" className="inline-form">
                  <CsrfInput />
                  <input type="hidden" name="userId" value={u.id} />
                  {u.status === "ACTIVE" ? (
                    <button type="submit" name="intent" value="disable" className="btn btn--danger btn--small" disabled={busy} aria-label={t("adminUsers.disableLabel", { name: u.username })}>
                      {t("adminUsers.disable")}
                    </button>
                  ) : (
                    <button type="submit" name="intent" value="enable" className="btn btn--secondary btn--small" disabled={busy} aria-label={t("adminUsers.enableLabel", { name: u.username })}>
                      {t("adminUsers.enable")}
                    </button>
                  )}
                </Form>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
      <div className="form-grid section">
        <CreateAccount orgs={orgs} lastResult={intent === "create" ? res?.result : undefined} busy={busy} />
        <CreateOrganisation lastResult={intent === "createOrg" ? res?.result : undefined} busy={busy} />
      </div>
    </>
  );
}

function CreateAccount({ orgs, lastResult, busy }: { orgs: { id: string; name: string; kind: string }[]; lastResult?: SubmissionResult<string[]>; busy: boolean }) {
  const { t } = useTranslation("accounts");
  const [form, fields] = useForm({
    id: "create-account",
    lastResult,
    constraint: getZodConstraint(createAccountSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: createAccountSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <section className="panel" aria-labelledby="create-h">
      <h2 id="create-h">{t("adminUsers.createTitle")}</h2>
      <p className="form-hint">{t("adminUsers.createHint")}</p>
      <FormAlert id={form.errorId} errors={form.errors} />
      <Form method="post" className="form" {...getFormProps(form)}>
        <CsrfInput />
        <input type="hidden" name="intent" value="create" />
        <div className="form-field">
          <label htmlFor={fields.orgId.id}>{t("fields.organisation")}</label>
          <select {...getSelectProps(fields.orgId)} key={fields.orgId.key}>
            <option value="">{t("adminUsers.choose")}</option>
            {orgs.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name} ({t(`orgKinds.${o.kind}`)})
              </option>
            ))}
          </select>
          <FieldErrors id={fields.orgId.errorId} errors={fields.orgId.errors} t={t} />
        </div>
        <div className="form-field">
          <label htmlFor={fields.role.id}>{t("fields.role")}</label>
          <select {...getSelectProps(fields.role)} key={fields.role.key}>
            <option value="">{t("adminUsers.choose")}</option>
            {STAFF_CREATABLE_ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`common:roles.${r}`)}
              </option>
            ))}
          </select>
          <FieldErrors id={fields.role.errorId} errors={fields.role.errors} t={t} />
        </div>
        <Field meta={fields.username} label={t("fields.username")} autoComplete="off" />
        <Field meta={fields.displayName} label={t("fields.displayName")} autoComplete="off" />
        <Field meta={fields.email} label={t("fields.email")} type="email" autoComplete="off" />
        <Field meta={fields.phone} label={t("fields.phone")} type="tel" autoComplete="off" />
        <Field meta={fields.password} label={t("fields.initialPassword")} type="password" hint={t("adminUsers.passwordHint")} autoComplete="new-password" />
        <p>
          <button type="submit" className="btn btn--primary" disabled={busy}>
            {t("adminUsers.createSubmit")}
          </button>
        </p>
      </Form>
    </section>
  );
}

function CreateOrganisation({ lastResult, busy }: { lastResult?: SubmissionResult<string[]>; busy: boolean }) {
  const { t } = useTranslation("accounts");
  const [form, fields] = useForm({
    id: "create-org",
    lastResult,
    constraint: getZodConstraint(createOrganisationSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: createOrganisationSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <section className="panel" aria-labelledby="org-h">
      <h2 id="org-h">{t("adminUsers.orgTitle")}</h2>
      <FormAlert id={form.errorId} errors={form.errors} />
      <Form method="post" className="form" {...getFormProps(form)}>
        <CsrfInput />
        <input type="hidden" name="intent" value="createOrg" />
        <div className="form-field">
          <label htmlFor={fields.kind.id}>{t("fields.orgKind")}</label>
          <select {...getSelectProps(fields.kind)} key={fields.kind.key}>
            <option value="">{t("adminUsers.choose")}</option>
            {ORG_KINDS_MANAGED.map((k) => (
              <option key={k} value={k}>
                {t(`orgKinds.${k}`)}
              </option>
            ))}
          </select>
          <FieldErrors id={fields.kind.errorId} errors={fields.kind.errors} t={t} />
        </div>
        <Field meta={fields.name} label={t("fields.orgName")} autoComplete="off" />
        <Field meta={fields.creditCode} label={t("fields.creditCode")} autoComplete="off" />
        <Field meta={fields.region} label={t("fields.region")} inputMode="numeric" autoComplete="off" />
        <Field meta={fields.contactName} label={t("fields.contactName")} autoComplete="off" />
        <Field meta={fields.contactPhone} label={t("fields.contactPhone")} type="tel" autoComplete="off" />
        <p>
          <button type="submit" className="btn btn--primary" disabled={busy}>
            {t("adminUsers.orgSubmit")}
          </button>
        </p>
      </Form>
    </section>
  );
}

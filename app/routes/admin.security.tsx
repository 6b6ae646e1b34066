import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { SubmissionResult } from "@conform-to/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormAlert } from "~/components/accounts/field";
import { StatusBadges } from "~/components/accounts/status-badges";
import { CsrfInput } from "~/components/csrf-input";
import { UserSearch } from "~/components/accounts/user-search";
import { DataTable } from "~/components/data-table";
import { assignRole } from "~/domain/accounts/assign-role";
import { listUsers } from "~/domain/accounts/list-users";
import { resetTotp } from "~/domain/accounts/reset-totp";
import { isAdminRole, ROLE_ORG_KINDS, STAFF_CREATABLE_ROLES } from "~/domain/accounts/roles";
import { unlockAccount } from "~/domain/accounts/unlock-account";
import type { OrgKind, Role } from "~/generated/prisma/enums";
import { requirePermission } from "~/lib/auth.server";
import { handleForm } from "~/lib/form-action.server";
import { pageTitle } from "~/lib/i18n";
import accountsCss from "~/styles/accounts.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: accountsCss }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "accounts:adminSecurity.title");

/** 安全管理员: unlock locked accounts, reset a lost second factor, assign (non-admin) roles. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "totp.reset");
  const url = new URL(request.url);
  const q = url.searchParams.get("q") ?? "";
  const lockedOnly = url.searchParams.get("locked") === "1";
  const users = await listUsers(actor, { q, lockedOnly }, "account.unlock");
  return {
    q,
    lockedOnly,
    me: actor.user.id,
    users: users.map((u) => ({ ...u, lockedUntil: u.lockedUntil?.toISOString() ?? null, lastLoginAt: u.lastLoginAt?.toISOString() ?? null })),
  };
}

const schema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("unlock"), userId: z.uuid() }),
  z.object({ intent: z.literal("resetTotp"), userId: z.uuid() }),
  z.object({ intent: z.literal("assignRole"), userId: z.uuid(), role: z.enum(STAFF_CREATABLE_ROLES as [Role, ...Role[]]) }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "totp.reset");
  return handleForm(request, schema, async (v) => {
    if (v.intent === "unlock") await unlockAccount(actor, v);
    else if (v.intent === "resetTotp") await resetTotp(actor, v);
    else await assignRole(actor, v);
    return { intent: v.intent, ok: true as const };
  });
}

export default function AdminSecurityPage() {
  const { t } = useTranslation("accounts");
  const { users, q, lockedOnly, me } = useLoaderData<typeof loader>();
  const res = useActionData<typeof action>() as { intent?: string; ok?: true; result?: SubmissionResult<string[]> } | undefined;
  const busy = useNavigation().state !== "idle";
  const errors = res?.result ? [...(res.result.error?.[""] ?? []), ...Object.values(res.result.error ?? {}).flatMap((e) => e ?? [])] : undefined;
  return (
    <>
      <h1>{t("adminSecurity.title")}</h1>
      <p className="lead">{t("adminSecurity.intro")}</p>
      {res?.ok ? (
        <div className="alert alert--success" role="status">
          {t(`adminSecurity.done.${res.intent}`)}
        </div>
      ) : null}
      <FormAlert errors={errors ? [...new Set(errors)] : undefined} />
      <UserSearch q={q}>
        <label className="row-actions">
          <input type="checkbox" name="locked" value="1" defaultChecked={lockedOnly} /> {t("adminSecurity.lockedOnly")}
        </label>
      </UserSearch>
      <DataTable
        caption={<caption>{t("adminUsers.tableCaption", { count: users.length })}</caption>}
        head={
          <>
            <th scope="col">{t("fields.username")}</th>
            <th scope="col">{t("fields.displayName")}</th>
            <th scope="col">{t("fields.organisation")}</th>
            <th scope="col">{t("adminUsers.status")}</th>
            <th scope="col">{t("fields.role")}</th>
            <th scope="col">{t("adminUsers.actions")}</th>
          </>
        }
      >
        {users.length === 0 ? (
          <tr>
            <td colSpan={6} className="muted">
              {t("adminSecurity.empty")}
            </td>
          </tr>
        ) : null}
        {users.map((u) => {
          const self = u.id === me;
          const locked = !!u.lockedUntil && Date.parse(u.lockedUntil) > Date.now();
          const roles = STAFF_CREATABLE_ROLES.filter((r) => ROLE_ORG_KINDS[r].includes(u.orgKind as OrgKind));
          const canAssign = !self && !isAdminRole(u.role) && u.role !== "BIDDER" && roles.length > 1;
          return (
            <tr key={u.id}>
              <td className="mono">{u.username}</td>
              <td>{u.displayName}</td>
              <td>{u.orgName}</td>
              <td>
                <StatusBadges u={u} />
              </td>
              <td>
                {canAssign ? (
                  <Form method="post" className="row-actions">
                    <CsrfInput />
                    <input type="hidden" name="userId" value={u.id} />
                    <label className="visually-hidden" htmlFor={`role-${u.id}`}>
                      {t("adminSecurity.roleFor", { name: u.username })}
                    </label>
                    <select id={`role-${u.id}`} name="role" defaultValue={u.role}>
                      {roles.map((r) => (
                        <option key={r} value={r}>
                          {t(`common:roles.${r}`)}
                        </option>
                      ))}
                    </select>
                    <button type="submit" name="intent" value="assignRole" className="btn btn--secondary btn--small" disabled={busy}>
                      {t("adminSecurity.assign")}
                    </button>
                  </Form>
                ) : (
                  t(`common:roles.${u.role}`)
                )}
              </td>
              <td>
                {self ? null : (
                  <Form method="post" className="row-actions">
                    <CsrfInput />
                    <input type="hidden" name="userId" value={u.id} />
                    {locked ? (
                      <button type="submit" name="intent" value="unlock" className="btn btn--primary btn--small" disabled={busy}>
                        {t("adminSecurity.unlock")}
                      </button>
                    ) : null}
                    {u.totpEnabled ? (
                      <button type="submit" name="intent" value="resetTotp" className="btn btn--danger btn--small" disabled={busy}>
                        {t("adminSecurity.resetTotp")}
                      </button>
                    ) : null}
                  </Form>
                )}
              </td>
            </tr>
          );
        })}
      </DataTable>
    </>
  );
}

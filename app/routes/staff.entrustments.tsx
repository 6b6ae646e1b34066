import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FieldErrors, FormAlert } from "~/components/accounts/field";
import { CsrfInput } from "~/components/csrf-input";
import { ConfirmButton } from "~/components/tenders/confirm-button";
import { useRootData } from "~/components/use-root-data";
import { OrgSelectField } from "~/components/tenders/org-select-field";
import { entrustAgent } from "~/domain/tenders/entrust-agent";
import { listEntrustments } from "~/domain/tenders/list-entrustments";
import { revokeEntrustment } from "~/domain/tenders/revoke-entrustment";
import { requirePermission } from "~/lib/auth.server";
import { handleForm } from "~/lib/form-action.server";
import { pageTitle } from "~/lib/i18n";
import { formatInstant } from "~/lib/time";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "tenders-ui:entrust.title");

/**
 * /staff/entrustments — 委托代理 (issue 13 item 9). The buyer's staff entrust an agency (optionally up to a
 * last day) and revoke it; the agency's staff see who entrusts them; the centre's staff read every one.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "entrustment.read");
  return listEntrustments(actor);
}

const E = (k: string) => `tenders-ui:errors.${k}`;
const schema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("entrust"),
    agentOrgId: z.uuid({ error: E("required") }),
    validThrough: z.string().trim().optional(),
    note: z.string().trim().max(200, `${E("tooLong")}?max=200`).optional(),
  }),
  z.object({ intent: z.literal("revoke"), id: z.uuid() }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "entrustment.manage");
  return handleForm(request, schema, async (v) => {
    if (v.intent === "revoke") {
      await revokeEntrustment(actor, { id: v.id });
      return redirect("/staff/entrustments?done=revoked");
    }
    const row = await entrustAgent(actor, { agentOrgId: v.agentOrgId, validThrough: v.validThrough ?? null, note: v.note ?? null });
    return redirect(`/staff/entrustments?done=granted&id=${row.id}`);
  });
}

export default function EntrustmentsPage() {
  const { t } = useTranslation("tenders-ui");
  const d = useLoaderData<typeof loader>();
  const res = useActionData<typeof action>() as { result?: SubmissionResult<string[]> } | undefined;
  const [params] = useSearchParams();
  const locale = useRootData()?.locale ?? "zh-CN";
  const busy = useNavigation().state !== "idle";
  const [form, fields] = useForm({
    id: "entrust",
    lastResult: res?.result,
    defaultValue: { intent: "entrust" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const done = params.get("done");
  const granted = done === "granted" ? d.entrustments.find((e) => e.id === params.get("id")) : undefined;
  const lead =
    d.ownKind === "BUYER" ? "leadBuyer" : d.ownKind === "AGENT" ? "leadAgent" : d.ownKind === "CENTRE" ? "leadCentre" : "leadOther";
  // validUntil is the instant after the last day in force: shown as that last day ("含当日", as entered).
  const lastDay = (iso: string | null) => (iso ? formatInstant(new Date(new Date(iso).getTime() - 1), locale, "date") : t("entrust.untilRevoked"));
  return (
    <div className="narrow-wide stack">
      <h1>{t("entrust.title")}</h1>
      <p className="lead">{t(`entrust.${lead}`)}</p>
      {granted ? (
        <div className="alert alert--success" role="status">
          {t("entrust.granted", { agent: granted.agent })}
        </div>
      ) : null}
      {done === "revoked" ? (
        <div className="alert alert--success" role="status">
          {t("entrust.revoked")}
        </div>
      ) : null}
      {d.canManage ? (
        <Form method="post" {...getFormProps(form)}>
          <CsrfInput />
          <FormAlert id={form.errorId} errors={form.errors} />
          <fieldset className="form-section">
            <legend>{t("entrust.newSection")}</legend>
            {d.agents.length === 0 ? (
              <p className="muted">{t("entrust.noAgents")}</p>
            ) : (
              <div className="form-grid">
                <OrgSelectField meta={fields.agentOrgId} label={t("entrust.agent")} orgs={d.agents} required t={t} />
                <div className="form-field">
                  <label htmlFor={fields.validThrough.id}>{t("entrust.validThrough")}</label>
                  <div className="form-hint">{t("entrust.validThroughHint")}</div>
                  <input {...getInputProps(fields.validThrough, { type: "date" })} key={fields.validThrough.key} />
                  <FieldErrors id={fields.validThrough.errorId} errors={fields.validThrough.errors} t={t} />
                </div>
                <div className="form-field span-2">
                  <label htmlFor={fields.note.id}>{t("entrust.note")}</label>
                  <div className="form-hint" />
                  <input {...getInputProps(fields.note, { type: "text" })} key={fields.note.key} maxLength={200} autoComplete="off" />
                  <FieldErrors id={fields.note.errorId} errors={fields.note.errors} t={t} />
                </div>
              </div>
            )}
          </fieldset>
          {d.agents.length ? (
            <p className="row-actions">
              <button type="submit" name="intent" value="entrust" className="btn btn--primary" disabled={busy}>
                {t("entrust.submit")}
              </button>
            </p>
          ) : null}
        </Form>
      ) : null}
      <h2 id="entrust-list">{t("entrust.listSection")}</h2>
        {d.entrustments.length === 0 ? (
          <p className="muted">{t("entrust.none")}</p>
        ) : (
          <div className="table-wrap">
            <table className="table entrust-table" aria-labelledby="entrust-list">
              <thead>
                <tr>
                  {d.ownKind !== "BUYER" ? <th scope="col">{t("entrust.buyer")}</th> : null}
                  {d.ownKind !== "AGENT" ? <th scope="col">{t("entrust.agent")}</th> : null}
                  <th scope="col">{t("entrust.validFrom")}</th>
                  <th scope="col">{t("entrust.validUntil")}</th>
                  <th scope="col">{t("entrust.state")}</th>
                  {d.canManage ? <th scope="col">{t("entrust.actions")}</th> : null}
                </tr>
              </thead>
              <tbody>
                {d.entrustments.map((e) => (
                  <tr key={e.id}>
                    {d.ownKind !== "BUYER" ? <td data-label={t("entrust.buyer")}>{e.buyer}</td> : null}
                    {d.ownKind !== "AGENT" ? (
                      <td data-label={t("entrust.agent")}>
                        {e.agent}
                        {e.note ? <div className="muted">{e.note}</div> : null}
                      </td>
                    ) : null}
                    <td data-label={t("entrust.validFrom")}>{formatInstant(e.validFrom, locale, "datetimeShort")}</td>
                    <td data-label={t("entrust.validUntil")}>{e.state === "REVOKED" ? t("entrust.revokedAt", { at: formatInstant(e.revokedAt!, locale, "datetimeShort") }) : lastDay(e.validUntil)}</td>
                    <td data-label={t("entrust.state")}>
                      <span className={e.state === "IN_FORCE" ? "badge badge--green" : "badge"}>{t(`entrust.states.${e.state}`)}</span>
                    </td>
                    {d.canManage ? (
                      <td>
                        {e.state === "IN_FORCE" ? (
                          <Form method="post" id={`revoke-${e.id}`}>
                            <CsrfInput />
                            <input type="hidden" name="id" value={e.id} />
                            <ConfirmButton form={`revoke-${e.id}`} value="revoke" label={t("entrust.revoke")} title={t("entrust.revoke")} tone="danger" disabled={busy}>
                              <p>{t("entrust.revokeConfirm", { agent: e.agent })}</p>
                            </ConfirmButton>
                          </Form>
                        ) : null}
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
    </div>
  );
}

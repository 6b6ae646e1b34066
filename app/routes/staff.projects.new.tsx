import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FieldErrors, FormAlert } from "~/components/accounts/field";
import { CsrfInput } from "~/components/csrf-input";
import { OrgSelectField } from "~/components/tenders/org-select-field";
import { createProject } from "~/domain/tenders/create-project";
import { createProjectSchema } from "~/domain/tenders/schemas";
import { listProjectParties } from "~/domain/tenders/list-project-parties";
import { requirePermission } from "~/lib/auth.server";
import { handleForm } from "~/lib/form-action.server";
import { pageTitle } from "~/lib/i18n";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "tenders-ui:project.newTitle");

/** /staff/projects/new — 新建项目: number, title, procurement type (= rule profile), buyer and agent, region. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "tender.create");
  return listProjectParties(actor);
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "tender.create");
  return handleForm(request, createProjectSchema, async (v) => {
    const p = await createProject(actor, { ...v, agentOrgId: v.agentOrgId ?? null });
    // Straight on to the first lot: a project without lots publishes nothing.
    return redirect(`/staff/lots/new?project=${p.id}&fresh=1`);
  });
}

export default function NewProjectPage() {
  const { t } = useTranslation("tenders-ui");
  const { t: tt } = useTranslation("tenders");
  const parties = useLoaderData<typeof loader>();
  const res = useActionData<typeof action>() as { result?: SubmissionResult<string[]> } | undefined;
  const busy = useNavigation().state !== "idle";
  const [form, fields] = useForm({
    id: "new-project",
    lastResult: res?.result,
    defaultValue: {
      procurementType: "CONSTRUCTION",
      buyerOrgId: parties.ownKind === "BUYER" ? parties.ownOrgId : (parties.buyers[0]?.id ?? ""),
      agentOrgId: parties.ownKind === "AGENT" ? parties.ownOrgId : "",
      region: parties.buyers[0]?.region || "",
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: createProjectSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const field = (name: "code" | "title" | "region", label: string, hint?: string) => (
    <div className="form-field">
      <label htmlFor={fields[name].id}>
        {label}
        <span className="req" aria-hidden="true"> *</span>
      </label>
      <div className="form-hint">{hint ?? ""}</div>
      <input {...getInputProps(fields[name], { type: "text" })} key={fields[name].key} autoComplete="off" />
      <FieldErrors id={fields[name].errorId} errors={fields[name].errors} t={t} />
    </div>
  );
  return (
    <div className="narrow-wide">
      <h1>{t("project.newTitle")}</h1>
      <p className="lead">{t("project.newLead")}</p>
      {parties.ownKind === "AGENT" && parties.buyers.length === 0 ? (
        <p className="alert alert--warning" role="note">
          {t("project.noEntrustment")} <Link to="/staff/entrustments">{t("staff.tabEntrustments")}</Link>
        </p>
      ) : null}
      <FormAlert id={form.errorId} errors={form.errors} />
      <Form method="post" {...getFormProps(form)}>
        <CsrfInput />
        <fieldset className="form-section">
          <legend>{t("project.section")}</legend>
          <div className="form-grid">
            {field("code", tt("fields.code"), t("project.codeHint"))}
            {field("title", tt("fields.projectTitle"))}
            <div className="form-field">
              <label htmlFor={fields.procurementType.id}>{tt("fields.procurementType")}</label>
              <div className="form-hint">{t("project.typeHint")}</div>
              <select {...getSelectProps(fields.procurementType)} key={fields.procurementType.key}>
                <option value="CONSTRUCTION">{tt("procurementTypes.CONSTRUCTION")}</option>
                <option value="GOVERNMENT_PROCUREMENT">{tt("procurementTypes.GOVERNMENT_PROCUREMENT")}</option>
              </select>
              <FieldErrors id={fields.procurementType.errorId} errors={fields.procurementType.errors} t={t} />
            </div>
            {field("region", tt("fields.region"), t("project.regionHint"))}
            <OrgSelectField meta={fields.buyerOrgId} label={tt("fields.buyerOrgId")} orgs={parties.buyers} required t={t} />
            <OrgSelectField meta={fields.agentOrgId} label={tt("fields.agentOrgId")} orgs={parties.agents} noneLabel={t("project.noAgent")} t={t} />
          </div>
        </fieldset>
        <p className="row-actions">
          <button type="submit" className="btn btn--primary" disabled={busy}>
            {t("project.create")}
          </button>
          <Link to="/staff" className="btn btn--secondary">
            {t("common.cancel")}
          </Link>
        </p>
      </Form>
    </div>
  );
}

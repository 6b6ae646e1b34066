import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormAlert } from "~/components/accounts/field";
import { CsrfInput } from "~/components/csrf-input";
import { LotFormFields } from "~/components/tenders/lot-form-fields";
import { suggestedScheduleDefaults } from "~/components/tenders/lot-form-defaults";
import { createLotFormSchema } from "~/components/tenders/lot-form-schema";
import { RuleViolations, type ViolationView } from "~/components/tenders/rule-violations";
import { withViolations } from "~/components/tenders/violations.server";
import { createLot } from "~/domain/tenders/create-lot";
import { getStaffProject } from "~/domain/tenders/get-staff-project";
import { suggestLotSchedule } from "~/domain/tenders/suggest-lot-schedule";
import { requirePermission } from "~/lib/auth.server";
import { handleForm } from "~/lib/form-action.server";
import { pageTitle } from "~/lib/i18n";
import { orHttp } from "~/lib/http.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "tenders-ui:lot.newTitle");

/** /staff/lots/new?project=… — a new lot (标段) as a draft, with a legal starting schedule from the server clock,
 * the rules' periods and the holiday calendar. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "tender.create");
  const projectId = new URL(request.url).searchParams.get("project") ?? "";
  return orHttp(async () => {
    const { project, lots, serverNow } = await getStaffProject(actor, { projectId });
    const suggested = await suggestLotSchedule(project.procurementType, serverNow);
    return { project, lotCount: lots.length, suggested: suggestedScheduleDefaults(suggested) };
  }, { conceal: true });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "tender.create");
  return handleForm(request, createLotFormSchema, (v) =>
    withViolations(async () => {
      const lot = await createLot(actor, v);
      return redirect(`/staff/lots/${lot.id}?created=1`);
    }),
  );
}

export default function NewLotPage() {
  const { t } = useTranslation("tenders-ui");
  const { t: tt } = useTranslation("tenders");
  const { project, lotCount, suggested } = useLoaderData<typeof loader>();
  const res = useActionData<typeof action>() as { result?: SubmissionResult<string[]>; violations?: ViolationView[] } | undefined;
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const [form, fields] = useForm({
    id: "new-lot",
    lastResult: res?.result,
    defaultValue: {
      projectId: project.id,
      title: lotCount ? "" : t("lot.firstLotTitle"),
      evaluationMethod: "COMPREHENSIVE",
      criteria: [
        { name: t("criteria.defaultPrice"), weight: "60" },
        { name: t("criteria.defaultTechnical"), weight: "30" },
        { name: t("criteria.defaultCommercial"), weight: "10" },
      ],
      ...suggested,
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: createLotFormSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <>
      <p className="muted">
        <Link to="/staff">{t("staff.title")}</Link> › <Link to={`/staff/projects/${project.id}`}>{project.code}</Link> › {t("lot.newTitle")}
      </p>
      <div className="ws-head">
        <div>
          <h1>{t("lot.newTitle")}</h1>
          <p className="lead">
            {project.title} · <span className="badge badge--blue">{tt(`procurementTypes.${project.procurementType}`)}</span>
          </p>
        </div>
      </div>
      {params.get("fresh") ? (
        <div className="alert alert--success" role="status">
          {t("project.created", { code: project.code })}
        </div>
      ) : null}
      <div className="alert alert--info">{t("lot.newHint")}</div>
      <RuleViolations violations={res?.violations} />
      <FormAlert id={form.errorId} errors={form.errors} />
      <Form method="post" {...getFormProps(form)}>
        <CsrfInput />
        <input type="hidden" name="projectId" value={project.id} />
        <LotFormFields form={form} fields={fields} procurementType={project.procurementType} />
        <div className="action-bar">
          <button type="submit" className="btn btn--primary" disabled={busy}>
            {t("lot.createDraft")}
          </button>
          <Link to={`/staff/projects/${project.id}`} className="btn btn--secondary">
            {t("common.cancel")}
          </Link>
          <span className="action-bar__spacer" />
          <span className="muted">{t("lot.draftNote")}</span>
        </div>
      </Form>
    </>
  );
}

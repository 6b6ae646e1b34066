import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FieldErrors, FormAlert } from "~/components/accounts/field";
import { CsrfInput } from "~/components/csrf-input";
import { ComplaintTable } from "~/components/supervision/complaint-table";
import { parseLocalTime } from "~/domain/audit/audit-filter";
import { fileComplaint } from "~/domain/supervision/file-complaint";
import { COMPLAINT_MATTERS } from "~/domain/supervision/objection-before-complaint";
import { listComplaints } from "~/domain/supervision/list-complaints";
import { listMyRegistrations } from "~/domain/tenders/list-my-registrations";
import { requirePermission } from "~/lib/auth.server";
import { handleForm } from "~/lib/form-action.server";
import { pageTitle } from "~/lib/i18n";
import supervisionCss from "~/styles/supervision.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: supervisionCss }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "supervision:complaints.mineTitle");

/** /bidder/complaints — the organisation's complaints and the form to file one (?lotId= prefills). */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "complaint.file");
  const [rows, mine] = await Promise.all([listComplaints(actor), listMyRegistrations(actor)]);
  // The complaint picks one of the company's own lots (registered for): never a typed id.
  const lots = mine.items.map((l) => ({ id: l.id, projectCode: l.project.code, projectTitle: l.project.title, lotNo: l.lotNo, title: l.title }));
  return { rows, lots };
}

const schema = z.object({
  lotId: z.string({ error: "tenders:errors.lotNotFound" }).trim().uuid("tenders:errors.lotNotFound"),
  matter: z.enum(COMPLAINT_MATTERS, { error: "supervision:errors.matterInvalid" }),
  grounds: z.string({ error: "supervision:errors.groundsRequired" }).trim().min(1, "supervision:errors.groundsRequired").max(10_000, "supervision:errors.tooLong?max=10000"),
  knewAt: z
    .string({ error: "supervision:errors.knewAtInvalid" })
    .refine((s) => parseLocalTime(s) !== null, "supervision:errors.knewAtInvalid"),
});

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "complaint.file");
  return handleForm(request, schema, async (v) => {
    const c = await fileComplaint(actor, { lotId: v.lotId, matter: v.matter, grounds: v.grounds, knewAt: parseLocalTime(v.knewAt)! });
    return redirect(`/bidder/complaints/${c.id}?filed=1`);
  });
}

export default function BidderComplaints() {
  const { rows, lots } = useLoaderData<typeof loader>();
  const res = useActionData<typeof action>();
  const { t } = useTranslation("supervision");
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const [form, fields] = useForm({
    lastResult: res?.result,
    defaultValue: { lotId: params.get("lotId") ?? "", matter: "OTHER" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: "onBlur",
  });
  return (
    <div className="container section stack sv-page">
      <h1>{t("complaints.mineTitle")}</h1>
      <p className="lead">{t("complaints.mineLead")}</p>
      <ComplaintTable rows={rows.filter((r) => r.own)} base="/bidder/complaints" />
      <Form method="post" className="card stack" {...getFormProps(form)}>
        <h2>{t("complaints.new")}</h2>
        <CsrfInput />
        <FormAlert id={form.errorId} errors={form.errors} />
        <div className="form-field">
          <label className="form-label" htmlFor={fields.lotId.id}>
            {t("complaints.lotId")}
          </label>
          <select {...getSelectProps(fields.lotId)} aria-describedby={`${fields.lotId.id}-hint ${fields.lotId.errorId}`}>
            <option value="">{t("complaints.pickLot")}</option>
            {lots.map((l) => (
              <option key={l.id} value={l.id}>
                {t("complaints.lotOption", { code: l.projectCode, project: l.projectTitle, n: l.lotNo, title: l.title })}
              </option>
            ))}
          </select>
          <p id={`${fields.lotId.id}-hint`} className="form-hint">
            {lots.length ? t("complaints.lotHint") : t("complaints.noLots")}
          </p>
          <FieldErrors id={fields.lotId.errorId} errors={fields.lotId.errors} t={t} />
        </div>
        <div className="form-field">
          <label className="form-label" htmlFor={fields.knewAt.id}>
            {t("complaints.knewAt")}
          </label>
          <input {...getInputProps(fields.knewAt, { type: "datetime-local" })} />
          <FieldErrors id={fields.knewAt.errorId} errors={fields.knewAt.errors} t={t} />
        </div>
        <div className="form-field">
          <label className="form-label" htmlFor={fields.matter.id}>
            {t("complaints.matter")}
          </label>
          <select {...getSelectProps(fields.matter)} aria-describedby={`${fields.matter.id}-hint ${fields.matter.errorId}`}>
            {COMPLAINT_MATTERS.map((m) => (
              <option key={m} value={m}>
                {t(`complaints.matters.${m}`)}
              </option>
            ))}
          </select>
          <p id={`${fields.matter.id}-hint`} className="form-hint">
            {t("complaints.matterHint")}
          </p>
          <FieldErrors id={fields.matter.errorId} errors={fields.matter.errors} t={t} />
        </div>
        <div className="form-field">
          <label className="form-label" htmlFor={fields.grounds.id}>
            {t("complaints.grounds")}
          </label>
          <textarea {...getTextareaProps(fields.grounds)} rows={6} />
          <FieldErrors id={fields.grounds.errorId} errors={fields.grounds.errors} t={t} />
        </div>
        <div>
          <button className="btn btn--primary" disabled={busy}>
            {t("complaints.submit")}
          </button>
        </div>
      </Form>
    </div>
  );
}

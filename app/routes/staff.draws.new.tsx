import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FieldErrors, FormAlert } from "~/components/accounts/field";
import { CsrfInput } from "~/components/csrf-input";
import { fromDatetimeLocal } from "~/lib/time";
import { listDrawableLots } from "~/domain/draw/list-drawable-lots";
import { requestDraw } from "~/domain/draw/request-draw";
import { drawSpecialtySchema } from "~/domain/draw/schemas";
import { requirePermission } from "~/lib/auth.server";
import { handleForm } from "~/lib/form-action.server";
import { pageTitle } from "~/lib/i18n";
import accountsCss from "~/styles/accounts.css?url";
import drawCss from "~/styles/draw.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: accountsCss },
  { rel: "stylesheet", href: drawCss },
];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "draw-ui:staff.newTitle");

/**
 * /staff/draws/new — 抽取申请: lot, committee size, specialties with member and backup counts (from the
 * specialty tree), evaluation time (Beijing time) and place. No field can name, include or exclude an
 * expert: the domain computes the pools. On success: the draw page, which shows the commitment.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "draw.request");
  return listDrawableLots(actor);
}

const schema = z.object({
  lotId: z.uuid({ error: "experts:errors.required" }),
  committeeMembers: z.coerce.number().int().min(1).max(99),
  evaluationAt: z.string({ error: "experts:errors.required" }).transform((s, ctx) => {
    const d = fromDatetimeLocal(s);
    if (!d) {
      ctx.addIssue({ code: "custom", message: "experts:errors.required" });
      return z.NEVER;
    }
    return d;
  }),
  evaluationPlace: z.string({ error: "experts:errors.required" }).trim().min(2).max(200),
  responseMinutes: z.coerce.number().int().min(5).max(10080).optional(),
  specialties: z.array(drawSpecialtySchema).min(1).max(10),
});

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "draw.request");
  return handleForm(request, schema, async (v) => {
    const r = await requestDraw(actor, v);
    return redirect(`/staff/draws/${r.drawId}?done=requested`);
  });
}

export default function NewDrawPage() {
  const { lots, specialties } = useLoaderData<typeof loader>();
  const res = useActionData<typeof action>() as { result?: SubmissionResult<string[]> } | undefined;
  const { t } = useTranslation("draw-ui");
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const [form, fields] = useForm({
    id: "draw-request",
    lastResult: res?.result,
    defaultValue: { lotId: params.get("lot") ?? "", committeeMembers: "7", specialties: [{ code: "", members: "3", backups: "1" }] },
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const specs = fields.specialties.getFieldList();
  // Optgroups by the level-1/level-2 parents; only leaves can be drawn.
  const groups = specialties.filter((s) => !s.leaf);
  const leavesOf = (code: string) => specialties.filter((s) => s.leaf && s.parentCode === code);

  if (!lots.length) {
    return (
      <div className="draw-page">
        <h1>{t("staff.newTitle")}</h1>
        <div className="alert alert--info">{t("staff.noLots")}</div>
        <Link to="/staff/draws">{t("common.back")}</Link>
      </div>
    );
  }
  return (
    <div className="draw-page">
      <div className="draw-head">
        <h1>{t("staff.newTitle")}</h1>
        <Link to="/staff/draws">{t("common.back")}</Link>
      </div>
      <p className="lead">{t("staff.newLead")}</p>
      <FormAlert id={form.errorId} errors={form.errors} />
      <Form method="post" className="panel form" {...getFormProps(form)}>
        <CsrfInput />
        <div className="form-field">
          <label htmlFor={fields.lotId.id}>{t("staff.lot")}</label>
          <select {...getSelectProps(fields.lotId)} key={fields.lotId.key}>
            <option value="">—</option>
            {lots.map((l) => (
              <option key={l.id} value={l.id}>
                {l.label}
              </option>
            ))}
          </select>
          <FieldErrors id={fields.lotId.errorId} errors={fields.lotId.errors} t={t} />
        </div>
        <div className="form-field">
          <label htmlFor={fields.committeeMembers.id}>{t("staff.committee")}</label>
          <input {...getInputProps(fields.committeeMembers, { type: "number" })} key={fields.committeeMembers.key} min={1} max={99} />
          <div className="form-hint">{t("staff.committeeHint")}</div>
          <FieldErrors id={fields.committeeMembers.errorId} errors={fields.committeeMembers.errors} t={t} />
        </div>

        <fieldset className="form-field">
          <legend>{t("staff.specialties")}</legend>
          {specs.map((s, i) => {
            const f = s.getFieldset();
            return (
              <div key={s.key} className="draw-spec-row">
                <div className="form-field">
                  <label htmlFor={f.code.id}>{t("staff.specialty")}</label>
                  <select {...getSelectProps(f.code)} key={f.code.key}>
                    <option value="">{t("staff.pickSpecialty")}</option>
                    {groups.map((g) =>
                      leavesOf(g.code).length ? (
                        <optgroup key={g.code} label={`${g.code} ${g.name}`}>
                          {leavesOf(g.code).map((l) => (
                            <option key={l.code} value={l.code}>
                              {l.code} {l.name}
                            </option>
                          ))}
                        </optgroup>
                      ) : null,
                    )}
                  </select>
                  <FieldErrors id={f.code.errorId} errors={f.code.errors} t={t} />
                </div>
                <div className="form-field">
                  <label htmlFor={f.members.id}>{t("staff.members")}</label>
                  <input {...getInputProps(f.members, { type: "number" })} key={f.members.key} min={1} max={30} />
                  <FieldErrors id={f.members.errorId} errors={f.members.errors} t={t} />
                </div>
                <div className="form-field">
                  <label htmlFor={f.backups.id}>{t("staff.backups")}</label>
                  <input {...getInputProps(f.backups, { type: "number" })} key={f.backups.key} min={0} max={30} />
                  <FieldErrors id={f.backups.errorId} errors={f.backups.errors} t={t} />
                </div>
                {specs.length > 1 ? (
                  <button className="btn btn--secondary btn--small" {...form.remove.getButtonProps({ name: fields.specialties.name, index: i })}>
                    {t("staff.removeSpecialty")}
                  </button>
                ) : <span />}
              </div>
            );
          })}
          {specs.length < 10 ? (
            <button
              className="btn btn--secondary btn--small"
              {...form.insert.getButtonProps({ name: fields.specialties.name, defaultValue: { code: "", members: "1", backups: "1" } })}
            >
              {t("staff.addSpecialty")}
            </button>
          ) : null}
          <FieldErrors id={fields.specialties.errorId} errors={fields.specialties.errors} t={t} />
        </fieldset>

        <div className="form-field">
          <label htmlFor={fields.evaluationAt.id}>{t("staff.evaluationAt")}</label>
          <input {...getInputProps(fields.evaluationAt, { type: "datetime-local" })} key={fields.evaluationAt.key} step={60} />
          <FieldErrors id={fields.evaluationAt.errorId} errors={fields.evaluationAt.errors} t={t} />
        </div>
        <div className="form-field">
          <label htmlFor={fields.evaluationPlace.id}>{t("staff.evaluationPlace")}</label>
          <input {...getInputProps(fields.evaluationPlace, { type: "text" })} key={fields.evaluationPlace.key} maxLength={200} />
          <FieldErrors id={fields.evaluationPlace.errorId} errors={fields.evaluationPlace.errors} t={t} />
        </div>
        <div className="form-field">
          <label htmlFor={fields.responseMinutes.id}>{t("staff.responseMinutes")}</label>
          <input {...getInputProps(fields.responseMinutes, { type: "number" })} key={fields.responseMinutes.key} min={5} max={10080} />
          <FieldErrors id={fields.responseMinutes.errorId} errors={fields.responseMinutes.errors} t={t} />
        </div>
        <button type="submit" className="btn btn--primary" disabled={busy}>
          {t("staff.submit")}
        </button>
      </Form>
    </div>
  );
}

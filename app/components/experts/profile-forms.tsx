import { getFormProps, getInputProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field, FieldErrors, FormAlert } from "~/components/accounts/field";
import { CsrfInput } from "~/components/csrf-input";
import { leaveSchema, profileSchema, specialtyRequestSchema } from "~/domain/experts/profile-schemas";

/**
 * The three Conform forms of /expert/profile. Each validates in the browser with the same Zod schema the
 * action and the domain use; `lastResult` is the action's reply when it answered THIS form (by intent).
 */
type Last = SubmissionResult<string[]> | undefined;

export function ProfileForm({ last, defaults, busy }: { last: Last; defaults: Record<string, string>; busy: boolean }) {
  const { t } = useTranslation("draw-ui");
  const [form, fields] = useForm({
    id: "expert-profile",
    lastResult: last,
    defaultValue: defaults,
    constraint: getZodConstraint(profileSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: profileSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <Form method="post" {...getFormProps(form)}>
      <CsrfInput />
      <input type="hidden" name="intent" value="profile" />
      <FormAlert id={form.errorId} errors={form.errors} />
      <div className="form-grid">
        <Field meta={fields.phone} label={t("profile.phone")} type="tel" autoComplete="tel" inputMode="tel" />
        <Field meta={fields.email} label={t("profile.email")} type="email" autoComplete="email" />
        <Field meta={fields.title} label={t("profile.title_")} />
        <Field meta={fields.employerOrgName} label={t("profile.employer")} autoComplete="organization" className="span-2" />
        <Field meta={fields.employerCreditCode} label={t("profile.creditCode")} hint={t("profile.creditCodeHint")} className="span-2" />
      </div>
      <p className="form-hint" id="employer-note">
        {t("profile.employerNote")}
      </p>
      <button type="submit" className="btn btn--primary" disabled={busy}>
        {t("profile.save")}
      </button>
    </Form>
  );
}

export function LeaveForm({ last, defaults, busy }: { last: Last; defaults: Record<string, string>; busy: boolean }) {
  const { t } = useTranslation("draw-ui");
  const { t: ta } = useTranslation("accounts");
  const [form, fields] = useForm({
    id: "expert-leave",
    lastResult: last,
    defaultValue: defaults,
    constraint: getZodConstraint(leaveSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: leaveSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const instant = (name: "startsAt" | "endsAt") => {
    const f = fields[name];
    return (
      <div className="form-field">
        <label htmlFor={f.id}>
          {t(`profile.${name}`)}
          <span className="req" aria-hidden="true"> *</span>
        </label>
        <input {...getInputProps(f, { type: "datetime-local" })} key={f.key} step={60} />
        <FieldErrors id={f.errorId} errors={f.errors} t={ta} />
      </div>
    );
  };
  return (
    <Form method="post" {...getFormProps(form)}>
      <CsrfInput />
      <input type="hidden" name="intent" value="addLeave" />
      <FormAlert id={form.errorId} errors={form.errors} />
      <div className="form-grid">
        {instant("startsAt")}
        {instant("endsAt")}
        <Field meta={fields.reason} label={t("profile.reason")} className="span-2" />
      </div>
      <button type="submit" className="btn btn--secondary" disabled={busy}>
        {t("profile.addLeave")}
      </button>
    </Form>
  );
}

export function SpecialtyRequestForm({
  last,
  current,
  assignable,
  busy,
  locale,
}: {
  last: Last;
  current: string[];
  assignable: { code: string; name: string; nameEn: string }[];
  busy: boolean;
  locale: string;
}) {
  const { t } = useTranslation("draw-ui");
  const { t: ta } = useTranslation("accounts");
  const [form, fields] = useForm({
    id: "expert-specialty-request",
    lastResult: last,
    defaultValue: { codes: current, note: "" },
    constraint: getZodConstraint(specialtyRequestSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: specialtyRequestSchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  const chosen = new Set(current);
  return (
    <Form method="post" {...getFormProps(form)}>
      <CsrfInput />
      <input type="hidden" name="intent" value="requestSpecialties" />
      <FormAlert id={form.errorId} errors={form.errors} />
      <fieldset className="form-field" aria-describedby={fields.codes.errorId}>
        <legend>{t("profile.specialties")}</legend>
        <div className="expert-codes" role="group">
          {assignable.map((s) => (
            <label key={s.code} className="expert-code">
              <input type="checkbox" name={fields.codes.name} value={s.code} defaultChecked={chosen.has(s.code)} />{" "}
              <span className="mono">{s.code}</span> {locale === "en" && s.nameEn ? s.nameEn : s.name}
            </label>
          ))}
        </div>
        <FieldErrors id={fields.codes.errorId} errors={fields.codes.errors} t={ta} />
      </fieldset>
      <div className="form-field">
        <label htmlFor={fields.note.id}>
          {t("profile.requestNote")}
          <span className="req" aria-hidden="true"> *</span>
        </label>
        <textarea {...getTextareaProps(fields.note)} key={fields.note.key} rows={3} />
        <FieldErrors id={fields.note.errorId} errors={fields.note.errors} t={ta} />
      </div>
      <button type="submit" className="btn btn--secondary" disabled={busy}>
        {t("profile.requestSubmit")}
      </button>
    </Form>
  );
}

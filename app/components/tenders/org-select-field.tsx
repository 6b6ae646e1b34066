import { getSelectProps, type FieldMetadata } from "@conform-to/react";
import type { useTranslation } from "react-i18next";
import { FieldErrors } from "~/components/accounts/field";

/**
 * An organisation picked from a list (the project's buyer or agent, the agent entrusted): a labelled select
 * with its errors; `noneLabel` adds an empty first choice where the organisation is optional.
 */
export function OrgSelectField<Schema, FormSchema extends Record<string, unknown>>({
  meta,
  label,
  orgs,
  required = false,
  noneLabel,
  t,
}: {
  meta: FieldMetadata<Schema, FormSchema, string[]>;
  label: string;
  orgs: { id: string; name: string }[];
  required?: boolean;
  noneLabel?: string;
  t: ReturnType<typeof useTranslation>["t"];
}) {
  return (
    <div className="form-field">
      <label htmlFor={meta.id}>
        {label}
        {required ? <span className="req" aria-hidden="true"> *</span> : null}
      </label>
      <div className="form-hint" />
      <select {...getSelectProps(meta)} key={meta.key}>
        {noneLabel !== undefined ? <option value="">{noneLabel}</option> : null}
        {orgs.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </select>
      <FieldErrors id={meta.errorId} errors={meta.errors} t={t} />
    </div>
  );
}

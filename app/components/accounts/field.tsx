import { getInputProps, type FieldMetadata } from "@conform-to/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { formMessage } from "./form-message";

type InputType = "text" | "password" | "email" | "tel";

/**
 * One labelled input with its hint and its errors, wired for assistive technology: the label names the
 * input, aria-invalid marks it, aria-describedby points at the hint and the error list (Conform gives
 * the ids). Error texts are message keys translated here.
 */
export function Field({
  meta,
  label,
  type = "text",
  hint,
  autoComplete,
  inputMode,
  autoFocus,
  className,
  inputClassName,
  children,
}: {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any field of any form (schemas differ)
  meta: FieldMetadata<any, any, string[]>;
  label: string;
  type?: InputType;
  hint?: ReactNode;
  autoComplete?: string;
  inputMode?: "numeric" | "text" | "email" | "tel";
  autoFocus?: boolean;
  className?: string;
  inputClassName?: string;
  children?: ReactNode;
}) {
  const { t } = useTranslation("accounts");
  const hintId = `${meta.id}-hint`;
  const props = getInputProps(meta, { type, ariaDescribedBy: hint ? hintId : undefined });
  return (
    <div className={`form-field ${className ?? ""}`}>
      <label htmlFor={meta.id}>
        {label}
        {meta.required ? (
          <span className="req" aria-hidden="true">
            {" "}*
          </span>
        ) : null}
      </label>
      {hint ? (
        <div id={hintId} className="form-hint">
          {hint}
        </div>
      ) : null}
      <input {...props} key={props.key} className={inputClassName} autoComplete={autoComplete} inputMode={inputMode} autoFocus={autoFocus} />
      {children}
      <FieldErrors id={meta.errorId} errors={meta.errors} t={t} />
    </div>
  );
}

export function FieldErrors({ id, errors, t }: { id: string; errors?: string[]; t: ReturnType<typeof useTranslation>["t"] }) {
  if (!errors?.length) return <div id={id} hidden />;
  return (
    <ul id={id} className="form-errors" aria-live="polite">
      {errors.map((e) => (
        <li key={e} className="form-error">
          {formMessage(t, e)}
        </li>
      ))}
    </ul>
  );
}

/** Form-level errors (wrong credentials, CSRF, rate limit), announced to screen readers. */
export function FormAlert({ id, errors }: { id?: string; errors?: string[] }) {
  const { t } = useTranslation("accounts");
  if (!errors?.length) return null;
  return (
    <div id={id} className="alert alert--error" role="alert">
      {errors.map((e) => (
        <p key={e}>{formMessage(t, e)}</p>
      ))}
    </div>
  );
}

import { useRef, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

/**
 * A button for an irreversible step (submit for review, approve and publish, publish a change…): it opens
 * a modal that says what will happen, and only the modal's own button submits the form (`form` + name/value).
 */
export function ConfirmButton({
  form,
  name = "intent",
  value,
  label,
  title,
  children,
  tone = "primary",
  disabled,
  confirmLabel,
}: {
  form: string;
  name?: string;
  value: string;
  label: string;
  title: string;
  children: ReactNode;
  tone?: "primary" | "danger";
  disabled?: boolean;
  confirmLabel?: string;
}) {
  const { t } = useTranslation("tenders-ui");
  const ref = useRef<HTMLDialogElement>(null);
  return (
    <>
      <button type="button" className={`btn btn--${tone}`} disabled={disabled} onClick={() => ref.current?.showModal()}>
        {label}
      </button>
      <dialog ref={ref} className="confirm-dialog" aria-labelledby={`${form}-${value}-title`}>
        <h2 id={`${form}-${value}-title`}>{title}</h2>
        <div className="confirm-dialog__body">{children}</div>
        <p className="row-actions confirm-dialog__actions">
          <button type="submit" form={form} name={name} value={value} className={`btn btn--${tone}`} onClick={() => ref.current?.close()}>
            {confirmLabel ?? label}
          </button>
          <button type="button" className="btn btn--secondary" onClick={() => ref.current?.close()}>
            {t("confirm.cancel")}
          </button>
        </p>
      </dialog>
    </>
  );
}

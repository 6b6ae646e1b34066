import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

export interface CheckLine {
  key: string;
  ok: boolean;
  text: ReactNode;
  detail?: ReactNode;
}

/**
 * The verdict of a check run in the visitor's browser, and each thing checked in words: 验证通过 /
 * 验证未通过 first (announced to screen readers), then the steps in order with ✓ / ✗.
 */
export function CheckList({ ok, title, lines, testId }: { ok: boolean; title?: ReactNode; lines: CheckLine[]; testId: string }) {
  const { t } = useTranslation("common");
  return (
    <div className={`verify-result ${ok ? "verify-result--ok" : "verify-result--bad"}`} data-testid={testId}>
      <p className={`alert ${ok ? "alert--success" : "alert--error"} verify-verdict`} role="status" aria-live="polite">
        <strong>{ok ? t("verify.passed") : t("verify.failed")}</strong>
        {title ? <> — {title}</> : null}
      </p>
      <ol className="verify-steps">
        {lines.map((l) => (
          <li key={l.key} className={l.ok ? "verify-step verify-step--ok" : "verify-step verify-step--bad"}>
            <span className="verify-mark" aria-hidden="true">{l.ok ? "✓" : "✗"}</span>
            <span className="visually-hidden">{l.ok ? t("verify.stepOk") : t("verify.stepBad")}</span>
            <span className="verify-text">
              {l.text}
              {l.detail ? <span className="verify-detail">{l.detail}</span> : null}
            </span>
          </li>
        ))}
      </ol>
    </div>
  );
}

import { useTranslation } from "react-i18next";

const STEPS = ["SIGN_IN", "DECRYPTING", "READING", "CONFIRMING", "CLOSED"] as const;

/** The hall's steps as a bar: done ones green, the current one marked (aria-current="step"), 流标 in red. */
export function HallSteps({ state }: { state: string }) {
  const { t } = useTranslation("opening");
  const steps: string[] = state === "FAILED" ? ["SIGN_IN", "FAILED"] : [...STEPS];
  const at = steps.indexOf(state === "WAITING" ? "SIGN_IN" : state);
  return (
    <ol className="hall-steps" aria-label={t("steps")} data-testid="hall-steps">
      {steps.map((k, i) => (
        <li
          key={k}
          aria-current={i === at ? "step" : undefined}
          data-done={i < at || (k === "CLOSED" && state === "CLOSED")}
          data-failed={k === "FAILED" || undefined}
        >
          {t(`stepNames.${k}`)}
        </li>
      ))}
    </ol>
  );
}

import { roadOf, statusesIn } from "~/domain/tenders/lot-phases";
import type { LotStatus, ProcurementType } from "~/generated/prisma/enums";
import { useTranslation } from "react-i18next";

/** Colour of each lot state: amber waits for a person, green is live, red stopped, blue is the process running. */
const TONE: Record<LotStatus, string> = {
  DRAFT: "",
  UNDER_REVIEW: "badge--amber",
  PUBLISHED: "badge--green",
  BIDDING_CLOSED: "badge--blue",
  OPENING: "badge--blue",
  EVALUATION: "badge--blue",
  EVALUATED: "badge--blue",
  CANDIDATES_PUBLICITY: "badge--blue",
  AWARDED: "badge--green",
  CONTRACTED: "badge--green",
  ARCHIVED: "",
  SUSPENDED: "badge--red",
  CANCELLED: "badge--red",
  FAILED: "badge--red",
};

export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation("tenders");
  return (
    <span className={`badge ${TONE[status as LotStatus] ?? ""}`} data-status={status}>
      {t(`statuses.${status}`)}
    </span>
  );
}

/**
 * The main road of a lot (the phase table's "road" group, for the lot's profile when known: no 公示 step for
 * 政府采购), as a step indicator (side exits are shown as a badge beside it).
 */
const ROAD = statusesIn("road");

export function LotSteps({ status, suspendedFrom, profile }: { status: string; suspendedFrom?: string | null; profile?: ProcurementType }) {
  const { t } = useTranslation("tenders-ui");
  const road = profile ? roadOf(profile) : ROAD;
  // ARCHIVED is the road's last step (it once stood for AWARDED, when the road ended there).
  const at = status === "SUSPENDED" ? (suspendedFrom ?? "PUBLISHED") : status;
  const current = road.indexOf(at as LotStatus);
  return (
    <ol className="lot-steps" aria-label={t("steps.label")}>
      {road.map((s, i) => {
        const state = current < 0 ? "todo" : i < current ? "done" : i === current ? "current" : "todo";
        return (
          <li key={s} className={`lot-steps__item lot-steps__item--${state}`} aria-current={state === "current" ? "step" : undefined}>
            <span className="lot-steps__dot" aria-hidden="true">
              {state === "done" ? "✓" : i + 1}
            </span>
            <span className="lot-steps__label">{t(`steps.${s}`)}</span>
          </li>
        );
      })}
    </ol>
  );
}

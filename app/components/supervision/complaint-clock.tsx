import { useTranslation } from "react-i18next";
import { Countdown } from "~/components/tenders/countdown";
import { useRootData } from "~/components/use-root-data";
import { formatInstant } from "~/lib/time";

/**
 * A statutory due instant: while the step is open, the time left ticks beside it (server clock) and it
 * turns red with "overdue" once passed; when the step is done, when it was done and whether in time.
 */
export function ComplaintClock({ due, open, doneAt }: { due: string | null; open: boolean; doneAt?: string | null }) {
  const { t } = useTranslation("supervision");
  const locale = useRootData()?.locale ?? "zh-CN";
  if (!due) return <>—</>;
  const late = open && Date.parse(due) < Date.now();
  return (
    <span className="sv-clock">
      <time dateTime={due} className={late ? "sv-clock--late" : undefined}>
        {formatInstant(due, locale, "datetimeShort")}
        {late ? `（${t("complaints.overdue")}）` : null}
      </time>
      {open && !late ? <Countdown to={due} /> : null}
      {doneAt ? (
        <span className={Date.parse(doneAt) <= Date.parse(due) ? "sv-clock--ok" : "sv-clock--late"}>
          {t(Date.parse(doneAt) <= Date.parse(due) ? "complaints.doneInTime" : "complaints.doneLate", { at: formatInstant(doneAt, locale, "datetimeShort") })}
        </span>
      ) : null}
    </span>
  );
}

export const statusBadge = (s: string) =>
  s === "RECEIVED" ? "badge--amber" : s === "ACCEPTED" ? "badge--blue" : s === "DECIDED" ? "badge--green" : "badge--red";

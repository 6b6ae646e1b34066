import { useTranslation } from "react-i18next";
import { useRootData } from "~/components/use-root-data";
import { formatInstant } from "~/lib/format";

/** A statutory due instant, red with "overdue" once passed while the step is still open. */
export function ComplaintClock({ due, open }: { due: string | null; open: boolean }) {
  const { t } = useTranslation("supervision");
  const locale = useRootData()?.locale ?? "zh-CN";
  if (!due) return <>—</>;
  const late = open && Date.parse(due) < Date.now();
  return (
    <time dateTime={due} className={late ? "sv-clock--late" : undefined}>
      {formatInstant(due, locale, "datetimeShort")}
      {late ? `（${t("complaints.overdue")}）` : null}
    </time>
  );
}

export const statusBadge = (s: string) =>
  s === "RECEIVED" ? "badge--amber" : s === "ACCEPTED" ? "badge--blue" : s === "DECIDED" ? "badge--green" : "badge--red";

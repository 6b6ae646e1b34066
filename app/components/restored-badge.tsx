import { useTranslation } from "react-i18next";
import { useRootData } from "~/components/use-root-data";
import { formatInstant } from "~/lib/time";

/** Next to a link to a document whose file was lost and rendered again from the database (issue 16 item 8). */
export function RestoredBadge({ at }: { at: string }) {
  const { t } = useTranslation("documents");
  const locale = useRootData()?.locale ?? "zh-CN";
  const when = formatInstant(at, locale, "datetimeShort");
  return (
    <span className="badge badge--amber" style={{ marginInlineStart: "0.5rem" }} title={t("restored.note", { at: when })} data-testid="document-restored">
      {t("restored.badge")}
      <span className="visually-hidden">{t("restored.note", { at: when })}</span>
    </span>
  );
}

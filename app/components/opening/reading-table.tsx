import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/data-table";
import { useRootData } from "~/components/use-root-data";
import type { ReadingRow } from "~/domain/opening/reading";
import { formatInstant } from "~/lib/time";

/** The 唱标 table, in the fixed order (submission time ascending), prices with 大写. */
export function ReadingTable({ rows, reasons = {} }: { rows: ReadingRow[]; reasons?: Record<number, string | null> }) {
  const { t } = useTranslation("opening");
  const locale = useRootData()?.locale ?? "zh-CN";
  return (
    <section aria-labelledby="rd-h" className="stack" data-testid="reading">
      <h2 id="rd-h">{t("reading.title")}</h2>
      <p className="muted">{t("reading.order")}</p>
      <DataTable
        head={
          <>
            <th scope="col">{t("reading.ordinal")}</th>
            <th scope="col">{t("reading.bidder")}</th>
            <th scope="col">{t("reading.submittedAt")}</th>
            <th scope="col">{t("reading.price")}</th>
            <th scope="col">{t("reading.priceInWords")}</th>
            <th scope="col">{t("reading.duration")}</th>
            <th scope="col">{t("reading.fields")}</th>
            <th scope="col">{t("reading.status")}</th>
          </>
        }
      >
        {rows.map((r) => (
          <tr key={r.ordinal} data-testid={`reading-row-${r.ordinal}`}>
            <td>{r.ordinal}</td>
            <td>{r.bidderName}</td>
            <td>{formatInstant(r.submittedAt, locale)}</td>
            <td className="num">{r.priceText ?? "—"}</td>
            <td>{r.priceInWords ?? "—"}</td>
            <td>{r.durationDays ?? "—"}</td>
            <td>{r.fields.map((f) => `${f.name}：${f.value}`).join("；") || "—"}</td>
            <td>{t(`bidStatus.${r.status}`)}{r.fault ? ` · ${t(`fault.${r.fault}`)}` : ""}{reasons[r.ordinal] ? `（${reasons[r.ordinal]}）` : ""}</td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}

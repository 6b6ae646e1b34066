import { useId, useState } from "react";
import { useTranslation } from "react-i18next";

export interface AssignableTender {
  code: string;
  title: string;
  lots: { lotNo: number; title: string }[];
}

/**
 * 指派 picker: a search box filtering a list of the public, unfinished tenders (by code, project or lot
 * title); each project offers "the whole project" and each of its lots. Posts `target` = "CODE|" or
 * "CODE|lotNo". Without JavaScript the full list still works.
 */
export function TenderPicker({ tenders, name = "target" }: { tenders: AssignableTender[]; name?: string }) {
  const { t } = useTranslation("social");
  const [q, setQ] = useState("");
  const id = useId();
  const needle = q.trim().toLowerCase();
  const shown = needle
    ? tenders.filter((p) => [p.code, p.title, ...p.lots.map((l) => l.title)].some((s) => s.toLowerCase().includes(needle)))
    : tenders;
  return (
    <div className="stack tender-picker">
      <label className="form-field">
        <span>{t("assign.search")}</span>
        <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t("assign.searchPlaceholder")} aria-controls={`${id}-list`} />
      </label>
      <label className="form-field">
        <span>{t("assign.project")}</span>
        <select id={`${id}-list`} name={name} required size={Math.min(8, Math.max(3, shown.reduce((n, p) => n + 1 + p.lots.length, 0)))}>
          {shown.map((p) => (
            <optgroup key={p.code} label={`${p.code} ${p.title}`}>
              <option value={`${p.code}|`}>{t("assign.wholeProject", { code: p.code, title: p.title })}</option>
              {p.lots.map((l) => (
                <option key={l.lotNo} value={`${p.code}|${l.lotNo}`}>
                  {t("assign.oneLot", { code: p.code, n: l.lotNo, title: l.title })}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </label>
      {shown.length === 0 ? <p className="muted" role="status">{t("assign.noMatch")}</p> : null}
    </div>
  );
}

import { useTranslation } from "react-i18next";

/** 重大项目 badge: shown next to a lot on staff and supervision pages (the flag is computed by the loader). */
export function MajorBadge({ threshold }: { threshold?: string }) {
  const { t } = useTranslation("social");
  return (
    <span className="badge badge--red" title={threshold ? t("major.hint", { amount: threshold }) : undefined} data-testid="major-badge">
      {t("major.badge")}
    </span>
  );
}

/** Which supervisors attended a major lot's draw and opening (or that none has yet). */
export function MajorAttendance({ rows }: { rows: { kind: string; name: string }[] }) {
  const { t } = useTranslation("social");
  if (rows.length === 0) return <span className="muted">{t("major.unattended")}</span>;
  const names = rows.map((r) => `${r.name}（${t(`major.kind.${r.kind}`)}）`).join("、");
  return <span>{t("major.attended", { names })}</span>;
}

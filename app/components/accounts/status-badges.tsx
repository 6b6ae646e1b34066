import { useTranslation } from "react-i18next";

/** Account state at a glance: active/disabled, locked, TOTP enrolled. */
export function StatusBadges({ u }: { u: { status: string; lockedUntil: string | null; totpEnabled: boolean } }) {
  const { t } = useTranslation("accounts");
  const locked = u.lockedUntil && Date.parse(u.lockedUntil) > Date.now();
  return (
    <span className="row-actions">
      <span className={`badge ${u.status === "ACTIVE" ? "badge--green" : "badge--red"}`}>{t(`status.${u.status}`)}</span>
      {locked ? <span className="badge badge--amber">{t("status.LOCKED")}</span> : null}
      {u.totpEnabled ? <span className="badge badge--blue">{t("status.TOTP")}</span> : null}
    </span>
  );
}

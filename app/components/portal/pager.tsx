import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** Prev / page n / next for the public lists (keyset-free: the domain reports hasMore, not a total). */
export function Pager({ page, hasMore, hrefFor }: { page: number; hasMore: boolean; hrefFor: (page: number) => string }) {
  const { t } = useTranslation("portal");
  if (page <= 1 && !hasMore) return null;
  return (
    <nav className="pager" aria-label={t("list.pagination")}>
      {page > 1 ? <Link className="btn btn--secondary" to={hrefFor(page - 1)} rel="prev">{t("list.prev")}</Link> : null}
      <span aria-current="page">{t("list.page", { page })}</span>
      {hasMore ? <Link className="btn btn--secondary" to={hrefFor(page + 1)} rel="next">{t("list.next")}</Link> : null}
    </nav>
  );
}

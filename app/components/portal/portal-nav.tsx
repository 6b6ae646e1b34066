import { NavLink } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** The portal's own sections: projects, announcements, and the open-data outlets (feed, API). */
export function PortalNav() {
  const { t } = useTranslation("portal");
  return (
    <nav className="portal-nav" aria-label={t("nav.label")}>
      <NavLink to="/tenders" end className="portal-nav__link">{t("nav.tenders")}</NavLink>
      <NavLink to="/announcements" end className="portal-nav__link">{t("nav.announcements")}</NavLink>
      <a href="/feed.atom" className="portal-nav__link portal-nav__link--aside" type="application/atom+xml">{t("nav.feed")}</a>
      <a href="/announcements#open-data" className="portal-nav__link portal-nav__link--aside">{t("nav.openData")}</a>
    </nav>
  );
}

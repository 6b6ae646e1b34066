import { Link, useLocation } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { formatShanghai } from "~/lib/time";
import { DEFAULT_LOCALE } from "~/lib/locale";
import { Emblem } from "./emblem";
import { LanguageSwitch } from "./language-switch";
import { activeNavItem, navFor } from "./nav-items";
import { NotificationBell } from "./notify/notification-bell";
import { ServerClock, ServerTimeProvider } from "./server-clock";
import { useRootData } from "./use-root-data";
import { UserMenu } from "./user-menu";

/**
 * The page frame every route renders inside (root.tsx wraps <Outlet/> in it): skip link, header with
 * centre name, server clock, language switch and user menu, navigation for the user's role, <main>, footer.
 * Pages render only their own content, starting with their <h1>.
 */
export function SiteLayout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const root = useRootData();
  const user = root?.user ?? null;
  const locale = root?.locale ?? DEFAULT_LOCALE;
  const centre = root?.centreName ?? t("site.centreFallback");
  // Only absent when the root loader itself failed; a client-side guess is fine for the error page.
  const serverNow = root?.serverNow ?? 0;
  const nav = navFor(user?.role);
  // One current item, the longest matching link (NavLink would mark /bidder and /bidder/complaints both).
  const current = activeNavItem(nav, useLocation().pathname);

  return (
    <ServerTimeProvider initialServerNow={serverNow}>
      <a className="skip-link" href="#main">
        {t("skipLink")}
      </a>
      <header className="site-header">
        <div className="topbar">
          <div className="container topbar__inner">
            {serverNow ? <ServerClock /> : <span />}
            <div className="topbar__actions">
              <LanguageSwitch current={locale} />
              {user ? <NotificationBell /> : null}
              <UserMenu user={user} />
            </div>
          </div>
        </div>
        <div className="brandbar">
          <div className="container brandbar__inner">
            <Link to="/" className="brand">
              <Emblem size={44} />
              <span className="brand__text">
                <span className="brand__centre">{centre}</span>
                <span className="brand__site">
                  {t("site.name")}
                  <span className="brand__tagline">{t("site.tagline")}</span>
                </span>
              </span>
            </Link>
          </div>
        </div>
        <nav className="mainnav" aria-label={t("nav.label")}>
          <div className="container">
            <ul className="mainnav__list">
              {nav.map((item) => (
                <li key={item.to}>
                  <Link to={item.to} className="mainnav__link" prefetch="intent" aria-current={item.to === current ? "page" : undefined}>
                    {t(item.labelKey)}
                  </Link>
                </li>
              ))}
            </ul>
          </div>
        </nav>
      </header>
      <main id="main" tabIndex={-1} className="container main">
        {children}
      </main>
      <footer className="site-footer" aria-label={t("footer.label")}>
        <div className="container site-footer__inner">
          <div>
            <p className="site-footer__centre">{centre}</p>
            <p>{t("footer.principles")}</p>
            <p>{t("footer.timeNote")}</p>
          </div>
          <nav aria-label={t("footer.publicLinks")}>
            <h2 className="site-footer__heading">{t("footer.publicLinks")}</h2>
            <ul>
              <li>
                <Link to="/tenders">{t("footer.tenders")}</Link>
              </li>
              <li>
                <Link to="/audit/checkpoints">{t("footer.auditCheckpoints")}</Link>
              </li>
              <li>
                <a href="/api/v1/openapi.json">{t("footer.openApi")}</a>
              </li>
            </ul>
          </nav>
        </div>
        <div className="container">
          <p className="site-footer__legal">
            {t("footer.copyright", { year: formatShanghai(serverNow || Date.now(), "yyyy"), centre })}
          </p>
        </div>
      </footer>
    </ServerTimeProvider>
  );
}

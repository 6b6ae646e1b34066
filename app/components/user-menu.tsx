import { Form, Link, useLocation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "./csrf-input";
import type { useOptionalUser } from "./use-root-data";

type User = NonNullable<ReturnType<typeof useOptionalUser>>;

/** Signed out: sign-in and register links. Signed in: a disclosure menu (native <details>, no JS needed). */
export function UserMenu({ user }: { user: User | null }) {
  const { t } = useTranslation();
  const location = useLocation();
  const menu = useRef<HTMLDetailsElement>(null);

  // Native <details> opens and closes by itself; with JS it also closes on Escape and on a click outside,
  // as people expect of a menu.
  useEffect(() => {
    const close = (returnFocus: boolean) => {
      const d = menu.current;
      if (!d?.open) return;
      d.open = false;
      if (returnFocus) d.querySelector("summary")?.focus();
    };
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && close(true);
    const onPointer = (e: PointerEvent) => {
      if (menu.current && !menu.current.contains(e.target as Node)) close(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("pointerdown", onPointer);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("pointerdown", onPointer);
    };
  }, []);

  if (!user) {
    const here = location.pathname + location.search;
    const loginHref = here === "/" || here.startsWith("/login") ? "/login" : `/login?redirectTo=${encodeURIComponent(here)}`;
    return (
      <div className="user-links">
        <Link to={loginHref} className="user-links__login">
          {t("header.login")}
        </Link>
        <Link to="/register" className="user-links__register">
          {t("header.register")}
        </Link>
      </div>
    );
  }
  return (
    // keyed by location so that the menu closes after navigating from it
    <details className="user-menu" key={location.key} ref={menu}>
      <summary aria-label={`${t("header.userMenu")}: ${user.displayName}`}>
        <span className="user-menu__avatar" aria-hidden="true">
          {user.displayName.slice(0, 1)}
        </span>
        <span className="user-menu__name">{user.displayName}</span>
      </summary>
      <div className="user-menu__panel">
        <dl className="user-menu__facts">
          <dt>{t("header.signedInAs")}</dt>
          <dd>
            {user.displayName} <span className="muted">({user.username})</span>
          </dd>
          <dt>{t("header.role")}</dt>
          <dd>{t(`roles.${user.role}`)}</dd>
          <dt>{t("header.organisation")}</dt>
          <dd>{user.orgName}</dd>
        </dl>
        <ul className="user-menu__links">
          <li>
            <Link to="/account/security">{t("nav.accountSecurity")}</Link>
          </li>
        </ul>
        <Form method="post" action="/logout">
          <CsrfInput />
          <button type="submit" className="btn btn--secondary btn--block">
            {t("header.logout")}
          </button>
        </Form>
      </div>
    </details>
  );
}

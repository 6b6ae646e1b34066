import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { homeFor } from "~/components/nav-items";
import { useOptionalUser } from "~/components/use-root-data";
import { findRegistrationCertificate } from "~/domain/documents/find-registration-certificate";
import { actorFromRequest, getOptionalUser } from "~/lib/auth.server";
import { formatShanghai } from "~/lib/time";
import { pageTitle } from "~/lib/i18n";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "home:meta.title");

/**
 * A bidder company's registration certificate, once the worker has rendered it (right after registering):
 * the home page is where a newly registered bidder finds it.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  if (user?.role !== "BIDDER") return { certificate: null };
  const c = await findRegistrationCertificate(actorFromRequest(request, user));
  return { certificate: c?.status === "ready" ? { id: c.id, number: c.number, at: c.createdAt.toISOString() } : (c?.status ?? null) };
}

/** Entry points per role: who each part of the portal is for, and where they start. */
const ROLE_CARDS = [
  { id: "bidder", to: "/bidder", extra: { to: "/register", key: "roles.bidder.register" } },
  { id: "staff", to: "/staff" },
  { id: "expert", to: "/expert" },
  { id: "supervisor", to: "/supervision/log" },
  { id: "admin", to: "/admin/users" },
  { id: "public", to: "/tenders" },
] as const;

export default function Home() {
  const { t } = useTranslation("home");
  const user = useOptionalUser();
  const { certificate } = useLoaderData<typeof loader>();
  const continueTo = homeFor(user?.role);

  return (
    <>
      <section className="hero" aria-labelledby="hero-title">
        <h1 id="hero-title">{t("hero.title")}</h1>
        <p className="lead">{t("hero.lead")}</p>
        <p className="hero__actions">
          <Link to="/tenders" className="btn btn--primary btn--large">
            {t("hero.ctaTenders")}
          </Link>
          {user ? null : (
            <Link to="/register" className="btn btn--secondary btn--large">
              {t("hero.ctaRegister")}
            </Link>
          )}
        </p>
      </section>

      {user ? (
        <section className="callout" aria-labelledby="welcome-title">
          <div>
            <h2 id="welcome-title">{t("welcome.title", { name: user.displayName })}</h2>
            <p>{t("welcome.text", { role: t(`common:roles.${user.role}`), org: user.orgName })}</p>
            {certificate ? (
              <p className="callout__extra">
                <strong>{t("welcome.certificate")}</strong>{" "}
                {certificate === "pending" ? (
                  <span className="muted">{t("welcome.certificatePending")}</span>
                ) : (
                  <>
                    <a href={`/documents/${certificate.id}?download=1`} download>
                      {t("welcome.certificateDownload", { number: certificate.number })}
                    </a>{" "}
                    <span className="muted">{formatShanghai(new Date(certificate.at), "yyyy-MM-dd HH:mm")}</span>
                  </>
                )}
              </p>
            ) : null}
          </div>
          {continueTo ? (
            <Link to={continueTo} className="btn btn--primary">
              {t("welcome.continue")}
            </Link>
          ) : null}
        </section>
      ) : null}

      <section aria-labelledby="principles-title" className="section">
        <h2 id="principles-title">{t("principles.title")}</h2>
        <ul className="principles">
          {(["open", "fair", "just"] as const).map((p) => (
            <li key={p} className={`principle principle--${p}`}>
              <h3>{t(`principles.${p}.title`)}</h3>
              <p>{t(`principles.${p}.text`)}</p>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="roles-title" className="section">
        <h2 id="roles-title">{t("roles.title")}</h2>
        <ul className="card-grid">
          {ROLE_CARDS.map((c) => (
            <li key={c.id} className="card">
              <h3 className="card__title">{t(`roles.${c.id}.title`)}</h3>
              <p className="card__text">{t(`roles.${c.id}.text`)}</p>
              <p className="card__actions">
                <Link to={c.to} className="card__link">
                  {t(`roles.${c.id}.action`)} <span aria-hidden="true">→</span>
                </Link>
                {"extra" in c && !user ? (
                  <Link to={c.extra.to} className="card__link card__link--secondary">
                    {t(c.extra.key)}
                  </Link>
                ) : null}
              </p>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="public-title" className="section">
        <h2 id="public-title">{t("public.title")}</h2>
        <ul className="link-list">
          <li>
            <Link to="/tenders">{t("public.tenders")}</Link>
          </li>
          <li>
            <Link to="/audit/checkpoints">{t("public.checkpoints")}</Link>
          </li>
          <li>
            <a href="/api/v1/openapi.json">{t("public.openApi")}</a> <code>/api/v1/openapi.json</code>
          </li>
          <li>
            <a href="/api/v1/time">{t("public.time")}</a> <code>/api/v1/time</code>
          </li>
        </ul>
      </section>
    </>
  );
}

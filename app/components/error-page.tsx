import { isRouteErrorResponse, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/**
 * The friendly, localized page for an error caught by a boundary: 404/403/401 explain themselves,
 * anything else is a 500 without internals (details only in development, for the developer).
 */
export function ErrorPage({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const known = status === 404 || status === 403 || status === 401 || status === 500;
  const title = known ? t(`errorPage.title${status}`) : t("errorPage.titleOther");
  const text = known ? t(`errorPage.text${status}`) : t("errors.internal");
  const details =
    import.meta.env.DEV && error instanceof Error ? `${error.message}\n${error.stack ?? ""}` : null;

  return (
    <section className="error-page" aria-labelledby="error-title">
      <p className="error-page__code">{status}</p>
      <h1 id="error-title">{title}</h1>
      <p className="lead">{text}</p>
      <p className="muted">{t("errorPage.statusCode", { status })}</p>
      <p>
        <Link to="/" className="btn btn--primary">
          {t("actions.goHome")}
        </Link>
      </p>
      {details ? (
        <details className="error-page__details">
          <summary>{t("errorPage.details")}</summary>
          <pre>{details}</pre>
        </details>
      ) : null}
    </section>
  );
}

import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { listDevMail } from "~/domain/notify/list-dev-mail";
import { requirePermission } from "~/lib/auth.server";
import { formatInstant } from "~/lib/time";
import { pageTitle } from "~/lib/i18n";
import accountsCss from "~/styles/accounts.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: accountsCss }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "notify:devMail.title");

/** 开发邮箱 (system admin): what the portal sent while no real SMTP server was configured. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "devmail.read");
  return listDevMail(actor);
}

export default function AdminMail() {
  const { enabled, messages, total } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("notify");
  return (
    <>
      <h1>{t("devMail.title")}</h1>
      {!enabled ? (
        <p className="alert alert--info" role="status">
          {t("devMail.off")}
        </p>
      ) : (
        <>
          <p className="lead">{t("devMail.lead")}</p>
          <p className="toolbar">
            <span className="muted">{t("devMail.count", { count: total, shown: messages.length })}</span>
            <Link className="btn btn--secondary" to="/admin/mail" reloadDocument>
              {t("devMail.refresh")}
            </Link>
          </p>
          {messages.length === 0 ? <p className="muted">{t("devMail.empty")}</p> : null}
          <ul className="dev-mail" aria-label={t("devMail.title")}>
            {messages.map((m) => (
              <li key={m.id} className="card dev-mail__item">
                <details>
                  <summary>
                    <strong>{m.subject || t("devMail.noSubject")}</strong>
                    <span className="muted">
                      {" · "}
                      {m.to} · <time dateTime={m.receivedAt}>{formatInstant(m.receivedAt, i18n.language)}</time>
                    </span>
                  </summary>
                  <dl className="dev-mail__head">
                    <dt>{t("devMail.from")}</dt>
                    <dd>{m.from}</dd>
                    <dt>{t("devMail.to")}</dt>
                    <dd>{m.to}</dd>
                    <dt>{t("devMail.receivedAt")}</dt>
                    <dd>{formatInstant(m.receivedAt, i18n.language)}</dd>
                  </dl>
                  <pre className="dev-mail__body">{m.text}</pre>
                </details>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

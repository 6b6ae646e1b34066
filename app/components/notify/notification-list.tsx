import { Form, Link, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "~/components/csrf-input";
import { formatInstant } from "~/lib/time";

export interface NotificationView {
  id: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  read: boolean;
  deliveries: { id: string; channel: "EMAIL" | "SMS" | "VOICE"; status: "PENDING" | "SENT" | "FAILED" | "SKIPPED"; content: string | null }[];
}

const STATUS_BADGE = { PENDING: "badge--blue", SENT: "badge--green", FAILED: "badge--red", SKIPPED: "badge--amber" } as const;

/** The /notifications page body: summary with "mark all read", then the list (unread first in weight, not order). */
export function NotificationList(props: { items: NotificationView[]; unread: number; hasMore: boolean; isFirstPage: boolean; error: string | null }) {
  const { t, i18n } = useTranslation("notify");
  const busy = useNavigation().state !== "idle";
  const { items } = props;
  return (
    <section className="notify-page" aria-labelledby="notify-title">
      <h1 id="notify-title">{t("page.title")}</h1>
      <p className="lead">{t("page.lead")}</p>
      {props.error ? (
        <div className="alert alert--error" role="alert">
          {props.error}
        </div>
      ) : null}
      <div className="notify-summary">
        <p aria-live="polite">{props.unread > 0 ? t("page.unreadSummary", { count: props.unread }) : t("page.allRead")}</p>
        {props.unread > 0 ? (
          <Form method="post">
            <CsrfInput />
            <button type="submit" name="intent" value="readAll" className="btn btn--secondary" disabled={busy}>
              {t("page.markAllRead")}
            </button>
          </Form>
        ) : null}
      </div>
      {items.length === 0 ? <p className="muted">{t("page.empty")}</p> : null}
      <ol className="notify-list">
        {items.map((n) => (
          <li key={n.id} className={n.read ? "notify-item" : "notify-item notify-item--unread"} data-testid="notification">
            <div className="notify-item__head">
              <h2 className="notify-item__title">
                {n.read ? null : <span className="badge badge--red notify-item__dot">{t("page.unread")}</span>} {n.title}
              </h2>
              <time className="notify-item__time muted" dateTime={n.createdAt}>
                {formatInstant(n.createdAt, i18n.language, "datetimeShort")}
              </time>
            </div>
            {n.body ? <p className="notify-item__body">{n.body}</p> : null}
            {n.deliveries.length > 0 ? (
              <ul className="notify-item__deliveries" aria-label={t("page.deliveries")}>
                {n.deliveries.map((d) => (
                  <li key={d.id}>
                    <span className={`badge ${STATUS_BADGE[d.status]}`}>
                      {t(`channel.${d.channel}`)} · {t(`status.${d.status}`)}
                    </span>
                  </li>
                ))}
              </ul>
            ) : null}
            {n.deliveries.some((d) => d.content) ? (
              <details className="notify-item__sink">
                <summary>{t("page.devSink")}</summary>
                {n.deliveries
                  .filter((d) => d.content)
                  .map((d) => (
                    <pre key={d.id}>
                      [{t(`channel.${d.channel}`)}] {d.content}
                    </pre>
                  ))}
              </details>
            ) : null}
            <div className="notify-item__actions">
              {n.link ? (
                <Form method="post">
                  <CsrfInput />
                  <input type="hidden" name="id" value={n.id} />
                  <button type="submit" name="intent" value="open" className="btn btn--primary" disabled={busy}>
                    {t("page.open")}
                  </button>
                </Form>
              ) : null}
              {n.read ? null : (
                <Form method="post">
                  <CsrfInput />
                  <input type="hidden" name="id" value={n.id} />
                  <button type="submit" name="intent" value="read" className="btn btn--secondary" disabled={busy}>
                    {t("page.markRead")}
                  </button>
                </Form>
              )}
            </div>
          </li>
        ))}
      </ol>
      <nav className="notify-pager">
        {props.isFirstPage ? null : <Link to="/notifications">{t("page.newest")}</Link>}
        {props.hasMore && items.length > 0 ? (
          <Link to={`/notifications?before=${items[items.length - 1]!.id}`}>{t("page.older")}</Link>
        ) : null}
      </nav>
    </section>
  );
}

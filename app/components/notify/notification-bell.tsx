import { Link, useRouteLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

/**
 * The header bell: a link to /notifications with the unread count. The first figure comes from the root
 * loader (`unreadNotifications`, if the root provides it — it is revalidated after every form post, so
 * marking read updates it), then /notifications/stream keeps it live while the page is open. Without
 * JavaScript it is still a working link. Render only for signed-in users.
 */
export function NotificationBell() {
  const { t } = useTranslation("notify");
  const root = useRouteLoaderData("root") as { unreadNotifications?: number } | undefined;
  const fromLoader = root?.unreadNotifications;
  const [live, setLive] = useState<number | null>(null);

  // A new loader value (after a navigation or post) is fresher than the last pushed one.
  useEffect(() => setLive(null), [fromLoader]);

  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    const es = new EventSource("/notifications/stream");
    es.addEventListener("unread", (e) => {
      try {
        const { count } = JSON.parse((e as MessageEvent<string>).data) as { count: number };
        if (Number.isInteger(count)) setLive(count);
      } catch {
        /* a malformed event changes nothing */
      }
    });
    return () => es.close();
  }, []);

  const count = live ?? fromLoader ?? 0;
  const label = count > 0 ? t("bell.unreadLabel", { count }) : t("bell.label");
  return (
    <Link to="/notifications" className="notify-bell" aria-label={label} title={label} style={styles.link} data-testid="notification-bell">
      <svg width="20" height="20" viewBox="0 0 24 24" aria-hidden="true" focusable="false" style={{ display: "block" }}>
        <path
          fill="currentColor"
          d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
        />
      </svg>
      {count > 0 ? (
        <span style={styles.badge} aria-hidden="true" data-testid="notification-count">
          {count > 99 ? "99+" : count}
        </span>
      ) : null}
    </Link>
  );
}

// Inline styles (allowed by the CSP's style-src-attr): the bell lives in the site header, outside any
// route that could link a stylesheet of this area.
const styles = {
  link: { position: "relative", display: "inline-flex", alignItems: "center", padding: "0.25rem", color: "#fff", lineHeight: 1 },
  badge: {
    position: "absolute",
    top: "-0.35rem",
    right: "-0.55rem",
    minWidth: "1.15rem",
    padding: "0 0.3rem",
    borderRadius: "999px",
    background: "#d9362b",
    color: "#fff",
    fontSize: "0.7rem",
    fontWeight: 700,
    lineHeight: "1.15rem",
    textAlign: "center",
  },
} as const;

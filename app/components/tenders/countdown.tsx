import { useTranslation } from "react-i18next";
import { useServerTime } from "~/components/server-clock";

/** d / h / m / s left until `to`, from the server clock (never the PC's own clock). */
export function splitDuration(ms: number) {
  // Rounded up: while any time is left it never reads 00:00:00 (that reads as "over" and alarms people).
  const s = Math.max(0, Math.ceil(ms / 1000));
  return { days: Math.floor(s / 86400), hours: Math.floor((s % 86400) / 3600), minutes: Math.floor((s % 3600) / 60), seconds: s % 60 };
}

/**
 * "剩余 3 天 04:05:06" ticking with the server clock; "已截止" once past. Under 24 h it turns amber and under
 * 1 h red, so nobody misses a statutory instant.
 */
export function Countdown({ to, passedKey = "countdown.passed" }: { to: string | Date; passedKey?: string }) {
  const { t } = useTranslation("tenders-ui");
  const { now } = useServerTime();
  const left = new Date(to).getTime() - now;
  if (left <= 0) return <span className="countdown countdown--passed">{t(passedKey)}</span>;
  const d = splitDuration(left);
  const p = (n: number) => String(n).padStart(2, "0");
  const tone = left < 3600_000 ? "countdown--urgent" : left < 86_400_000 ? "countdown--soon" : "";
  return (
    <span className={`countdown ${tone}`} data-left-ms={Math.ceil(left / 1000) * 1000}>
      {t(d.days > 0 ? "countdown.left" : "countdown.leftToday", { days: d.days, time: `${p(d.hours)}:${p(d.minutes)}:${p(d.seconds)}` })}
    </span>
  );
}

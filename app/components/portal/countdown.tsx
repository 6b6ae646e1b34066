import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { useServerTime } from "~/components/server-clock";
import { splitDuration } from "~/components/tenders/countdown";

const pad = (n: number) => String(n).padStart(2, "0");

/** "12天 03:04:05" / "12 d 03:04:05"; under a day "03:04:05". Split (and rounded) as the staff/bidder countdown splits it. */
export function formatCountdown(ms: number, t: TFunction): string {
  const { days: d, hours, minutes, seconds } = splitDuration(ms);
  const hms = { h: pad(hours), m: pad(minutes), s: pad(seconds) };
  return d > 0 ? t("portal:countdown.dhms", { d, ...hms }) : t("portal:countdown.hms", hms);
}

/**
 * Time left until `to` by the server clock (useServerTime: synced against /api/v1/time, never the PC's
 * clock). Server render and hydration both start from the root loader's time, so they agree.
 */
export function Countdown({ to, className, prefix }: { to: string | Date; className?: string; prefix?: string }) {
  const { t } = useTranslation("portal");
  const { now } = useServerTime();
  const left = new Date(to).getTime() - now;
  if (left <= 0) return <span className={className}>{t("countdown.passed")}</span>;
  return (
    // role=timer: not read out on every tick; the label says what it counts down to
    <span className={className} role="timer">
      {prefix ? `${prefix} ` : ""}{formatCountdown(left, t)}
    </span>
  );
}

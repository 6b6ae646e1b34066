import { useTranslation } from "react-i18next";
import { useServerTime } from "~/components/server-clock";
import { useRootData } from "~/components/use-root-data";
import { formatInstant } from "~/lib/time";
import { Countdown } from "./countdown";
import { timelineView, type TimelineOutcome, type TimelineStep } from "./timeline-view";

export type { TimelineOutcome, TimelineStep };

/**
 * The lot's key instants as a stepper. Passed/next are decided by the server clock as it ticks in the
 * browser (not by the page's render time), so the page turns over at the instant without a reload; which
 * step is current is timelineView's (a failed, cancelled or suspended lot ends in that step).
 */
export function TenderTimeline({ steps, outcome }: { steps: TimelineStep[]; outcome?: TimelineOutcome | null }) {
  const { t } = useTranslation("portal");
  const locale = useRootData()?.locale ?? "zh-CN";
  const { now } = useServerTime();
  const view = timelineView(steps, now, outcome);
  return (
    <ol className="timeline">
      {view.map((s) => {
        const state = s.state;
        return (
          <li key={s.key} className={`timeline__step timeline__step--${state}`} aria-current={state === "current" ? "step" : undefined}>
            <span className="timeline__dot" aria-hidden="true" />
            <div className="timeline__body">
              <span className="timeline__label">{t(`tenders:timeline.${s.key}`)}</span>
              {s.at ? (
                <time className="timeline__time" dateTime={new Date(s.at).toISOString()}>
                  {formatInstant(s.at, locale, "datetimeShort")}
                </time>
              ) : null}
              <span className="timeline__state">
                {state === "current" ? (
                  <span className="badge badge--blue">{t("timeline.current")}</span>
                ) : state === "next" && s.at ? (
                  <span className="timeline__countdown">
                    {t("timeline.in")} <Countdown to={s.at} />
                  </span>
                ) : state === "done" ? (
                  <span className="visually-hidden">{t("timeline.done")}</span>
                ) : state === "skipped" || state === "paused" ? (
                  <span className="muted">{t(`timeline.${state}`)}</span>
                ) : null}
                {s.announcementId ? <a href={`#a-${s.announcementId}`}>{t("timeline.notice")}</a> : null}
              </span>
            </div>
          </li>
        );
      })}
    </ol>
  );
}

import { useTranslation } from "react-i18next";
import { useServerTime } from "~/components/server-clock";
import { useRootData } from "~/components/use-root-data";
import { formatInstant } from "~/lib/format";
import { Countdown } from "./countdown";

export interface TimelineStep {
  key: string;
  at: string | Date;
}

/**
 * The lot's key instants as a stepper. Passed/next are decided by the server clock as it ticks in the
 * browser (not by the page's render time), so the page turns over at the instant without a reload:
 * the last passed step is the current one (aria-current="step"), the first future one shows a countdown.
 */
export function TenderTimeline({ steps, halted }: { steps: TimelineStep[]; halted?: boolean }) {
  const { t } = useTranslation("portal");
  const locale = useRootData()?.locale ?? "zh-CN";
  const { now } = useServerTime();
  const sorted = [...steps].sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime());
  const nextIdx = sorted.findIndex((s) => new Date(s.at).getTime() > now);
  const currentIdx = nextIdx === -1 ? sorted.length - 1 : nextIdx - 1;
  return (
    <ol className="timeline">
      {sorted.map((s, i) => {
        const state = i < currentIdx ? "done" : i === currentIdx ? "current" : i === nextIdx ? "next" : "upcoming";
        return (
          <li key={s.key} className={`timeline__step timeline__step--${state}`} aria-current={state === "current" ? "step" : undefined}>
            <span className="timeline__dot" aria-hidden="true" />
            <div className="timeline__body">
              <span className="timeline__label">{t(`tenders:timeline.${s.key}`)}</span>
              <time className="timeline__time" dateTime={new Date(s.at).toISOString()}>
                {formatInstant(s.at, locale, "datetimeShort")}
              </time>
              <span className="timeline__state">
                {state === "current" ? (
                  <span className="badge badge--blue">{t("timeline.current")}</span>
                ) : state === "next" && !halted ? (
                  <span className="timeline__countdown">
                    {t("timeline.in")} <Countdown to={s.at} />
                  </span>
                ) : state === "done" ? (
                  <span className="visually-hidden">{t("timeline.done")}</span>
                ) : null}
              </span>
            </div>
          </li>
        );
      })}
    </ol>
  );
}

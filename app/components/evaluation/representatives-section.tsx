import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "~/components/csrf-input";
import { useRootData } from "~/components/use-root-data";
import type { getBuyerRepresentatives } from "~/domain/evaluation/get-buyer-representatives";
import { formatInstant } from "~/lib/time";

type Reps = Awaited<ReturnType<typeof getBuyerRepresentatives>>;

/**
 * 招标人代表 / 采购人代表 of the lot's committee on the lot's evaluation tab: the share the law allows beside
 * the drawn experts, who is named (names for the buyer's own staff; others see the count), and for the
 * buyer's staff, until the evaluation starts, a form to name one more of their own staff or remove one.
 */
export function RepresentativesSection({ r }: { r: Reps }) {
  const { t } = useTranslation("evaluation");
  const locale = useRootData()?.locale ?? "zh-CN";
  const busy = useNavigation().state !== "idle";
  const gp = r.profile === "GOVERNMENT_PROCUREMENT";
  const k = (key: string) => (gp ? `reps.${key}_procurement` : `reps.${key}`);
  return (
    <section className="panel evaluation__reps" aria-labelledby="reps-h" data-testid="representatives">
      <h2 id="reps-h">{t(k("title"))}</h2>
      <p>
        {r.drawn
          ? t(k("share"), { experts: r.experts, max: r.max, count: r.count, committee: r.committeeMembers })
          : t(k("drawFirst"))}
      </p>
      {r.named ? (
        r.named.length ? (
          <ul className="evaluation__reps-list">
            {r.named.map((x) => (
              <li key={x.userId}>
                <strong>{x.name}</strong> <span className="muted">{t("reps.namedAt", { at: formatInstant(x.namedAt, locale, "datetimeShort") })}</span>
                {r.canName ? (
                  <Form method="post" className="evaluation__reps-remove">
                    <CsrfInput />
                    <input type="hidden" name="userId" value={x.userId} />
                    <button className="btn btn--secondary btn--small" name="intent" value="removeRep" disabled={busy}>
                      {t("reps.remove")}
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t("reps.none")}</p>
        )
      ) : (
        <p className="muted">{t("reps.sealed", { count: r.count })}</p>
      )}
      {r.canName ? (
        r.candidates.length ? (
          // Keyed by the count: after naming one, the list is fresh and nothing stays selected.
          <Form method="post" className="form evaluation__reps-form" key={r.count}>
            <CsrfInput />
            <div className="form-field">
              <label htmlFor="rep-user">{t(k("pick"))}</label>
              <select id="rep-user" name="userId" required defaultValue="">
                <option value="" disabled>
                  {t("reps.choose")}
                </option>
                {r.candidates.map((c) => (
                  <option key={c.userId} value={c.userId}>
                    {c.name}
                  </option>
                ))}
              </select>
            </div>
            <button className="btn btn--primary" name="intent" value="nameRep" disabled={busy}>
              {t(k("name"))}
            </button>
          </Form>
        ) : (
          <p className="muted">{t("reps.noCandidates")}</p>
        )
      ) : r.isBuyer && r.started ? (
        <p className="muted">{t("reps.closed")}</p>
      ) : null}
      <p className="muted small">{t(k("rule"))}</p>
    </section>
  );
}

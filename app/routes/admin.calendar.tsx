import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FieldErrors, FormAlert } from "~/components/accounts/field";
import { CsrfInput } from "~/components/csrf-input";
import { removeCalendarDaySchema, setCalendarDaySchema } from "~/domain/rules/calendar-day-schema";
import { listCalendarMonth } from "~/domain/rules/list-calendar-month";
import type { MonthCell } from "~/domain/rules/month-grid";
import { removeCalendarDay } from "~/domain/rules/remove-calendar-day";
import { setCalendarDay } from "~/domain/rules/set-calendar-day";
import { requirePermission } from "~/lib/auth.server";
import { handleForm } from "~/lib/form-action.server";
import { pageTitle } from "~/lib/i18n";
import accountsCss from "~/styles/accounts.css?url";
import calendarCss from "~/styles/rules-calendar.css?url";
import { orHttp } from "~/lib/http.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: accountsCss },
  { rel: "stylesheet", href: calendarCss },
];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "rules:calendar.title");

/**
 * 节假日日历 (system admin): the month grid in Shanghai dates — weekends grey, official holidays red,
 * make-up working days (调休) blue — and a form to set or remove a day. Every working-day rule reads
 * this calendar, so each edit is audited by the domain (calendar.day_set / calendar.day_removed).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "calendar.manage");
  const month = new URL(request.url).searchParams.get("month");
  // A hand-typed ?month=2026-13 shows the current month rather than an error page.
  return orHttp(listCalendarMonth(actor, { month }), {
    answer: (e) => (e.code === "rules:errors.invalidMonth" ? redirect("/admin/calendar") : undefined),
  });
}

const schema = z.discriminatedUnion("intent", [
  setCalendarDaySchema.extend({ intent: z.literal("set") }),
  removeCalendarDaySchema.extend({ intent: z.literal("remove") }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "calendar.manage");
  return handleForm(request, schema, async (v) => {
    if (v.intent === "set") await setCalendarDay(actor, v);
    else await removeCalendarDay(actor, v);
    // Post/redirect/get to the month of the edited day, so the admin sees the result in the grid.
    const q = new URLSearchParams({ month: v.date.slice(0, 7), done: v.intent, date: v.date });
    return redirect(`/admin/calendar?${q}`);
  });
}

export default function AdminCalendarPage() {
  const { t } = useTranslation("rules");
  const grid = useLoaderData<typeof loader>();
  const res = useActionData<typeof action>() as { result?: SubmissionResult<string[]> } | undefined;
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const done = params.get("done");
  const doneDate = params.get("date") ?? "";
  const doneEntry = grid.entries.find((e) => e.date === doneDate);

  const [form, fields] = useForm({
    id: "calendar-day",
    lastResult: res?.result,
    defaultValue: { date: doneDate || grid.today, kind: "HOLIDAY", name: "" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });

  /** Clicking a day fills the form with it (and its current setting, if any). */
  const pick = (c: MonthCell) => {
    form.update({ name: fields.date.name, value: c.date });
    form.update({ name: fields.kind.name, value: c.kind === "MAKEUP_WORKDAY" ? "MAKEUP_WORKDAY" : "HOLIDAY" });
    form.update({ name: fields.name.name, value: c.name ?? "" });
  };

  const describe = (c: MonthCell) =>
    c.kind === "HOLIDAY"
      ? t("calendar.cellHoliday", { date: c.date, name: c.name })
      : c.kind === "MAKEUP_WORKDAY"
        ? t("calendar.cellMakeup", { date: c.date, name: c.name })
        : t(c.kind === "WEEKEND" ? "calendar.cellWeekend" : "calendar.cellWorkday", { date: c.date });

  const weekdays = t("calendar.weekdays", { returnObjects: true }) as string[];
  const weekdaysLong = t("calendar.weekdaysLong", { returnObjects: true }) as string[];
  const [year, mon] = grid.month.split("-");

  return (
    <>
      <h1>{t("calendar.title")}</h1>
      <p className="lead">{t("calendar.intro")}</p>
      <div className="alert alert--info">{t("calendar.notice")}</div>
      {done === "set" && doneEntry ? (
        <div className="alert alert--success" role="status">
          {t("calendar.saved", { date: doneEntry.date, name: doneEntry.name })}
        </div>
      ) : null}
      {done === "remove" ? (
        <div className="alert alert--success" role="status">
          {t("calendar.removed", {
            date: doneDate,
            what: t(isWeekend(doneDate) ? "calendar.ordinaryRestday" : "calendar.ordinaryWorkday"),
          })}
        </div>
      ) : null}

      <div className="cal-layout">
        <section className="panel cal-month" aria-labelledby="cal-month-h">
          <div className="cal-toolbar">
            <Link className="btn btn--secondary btn--small" to={`?month=${grid.prev}`} rel="prev" aria-label={t("calendar.prevMonth")}>
              ‹
            </Link>
            <h2 id="cal-month-h" className="cal-title">
              <time dateTime={grid.month}>
                {year} / {mon}
              </time>
            </h2>
            <Link className="btn btn--secondary btn--small" to={`?month=${grid.next}`} rel="next" aria-label={t("calendar.nextMonth")}>
              ›
            </Link>
            <Link className="btn btn--secondary btn--small" to="?">
              {t("calendar.thisMonth")}
            </Link>
            <Form method="get" className="cal-jump">
              <label className="visually-hidden" htmlFor="cal-month">
                {t("calendar.month")}
              </label>
              <input id="cal-month" type="month" name="month" defaultValue={grid.month} min="2000-01" max="2100-12" required />
              <button type="submit" className="btn btn--secondary btn--small">
                {t("calendar.go")}
              </button>
            </Form>
          </div>

          <table className="cal-grid">
            <caption className="visually-hidden">
              {t("calendar.title")} {grid.month}
            </caption>
            <thead>
              <tr>
                {weekdays.map((d, i) => (
                  <th key={d} scope="col" abbr={weekdaysLong[i]} className={i >= 5 ? "cal-we" : undefined}>
                    {d}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {grid.weeks.map((w, wi) => (
                <tr key={wi}>
                  {w.map((c, i) =>
                    c ? (
                      <td key={c.date} className={`cal-cell cal-${c.kind.toLowerCase()}${c.isToday ? " cal-today" : ""}`}>
                        <button type="button" onClick={() => pick(c)} aria-label={describe(c)} title={c.name ?? undefined}>
                          <span className="cal-day">{c.day}</span>
                          {c.name ? <span className="cal-name">{c.name}</span> : null}
                          {c.isToday ? <span className="cal-today-mark">{t("calendar.today")}</span> : null}
                        </button>
                      </td>
                    ) : (
                      <td key={`pad-${wi}-${i}`} className="cal-pad" aria-hidden="true" />
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>

          <ul className="cal-legend" aria-label={t("calendar.legend")}>
            <li>
              <span className="cal-swatch cal-workday" aria-hidden="true" /> {t("calendar.legendWorkday")}
            </li>
            <li>
              <span className="cal-swatch cal-weekend" aria-hidden="true" /> {t("calendar.legendWeekend")}
            </li>
            <li>
              <span className="cal-swatch cal-holiday" aria-hidden="true" /> {t("calendar.legendHoliday")}
            </li>
            <li>
              <span className="cal-swatch cal-makeup_workday" aria-hidden="true" /> {t("calendar.legendMakeup")}
            </li>
          </ul>
        </section>

        <div className="cal-side">
          <section className="panel" aria-labelledby="cal-form-h">
            <h2 id="cal-form-h">{t("calendar.formTitle")}</h2>
            <p className="form-hint">{t("calendar.formHelp")}</p>
            <FormAlert id={form.errorId} errors={form.errors} />
            <Form method="post" className="form" {...getFormProps(form)}>
              <CsrfInput />
              <div className="form-field">
                <label htmlFor={fields.date.id}>{t("calendar.date")}</label>
                <input {...getInputProps(fields.date, { type: "date" })} key={fields.date.key} min="2000-01-01" max="2100-12-31" />
                <FieldErrors id={fields.date.errorId} errors={fields.date.errors} t={t} />
              </div>
              <div className="form-field">
                <label htmlFor={fields.kind.id}>{t("calendar.type")}</label>
                <select {...getSelectProps(fields.kind)} key={fields.kind.key}>
                  <option value="HOLIDAY">{t("calendar.kind.HOLIDAY")}</option>
                  <option value="MAKEUP_WORKDAY">{t("calendar.kind.MAKEUP_WORKDAY")}</option>
                </select>
                <FieldErrors id={fields.kind.errorId} errors={fields.kind.errors} t={t} />
              </div>
              <div className="form-field">
                <label htmlFor={fields.name.id}>{t("calendar.name")}</label>
                <input
                  {...getInputProps(fields.name, { type: "text" })}
                  key={fields.name.key}
                  maxLength={50}
                  placeholder={t("calendar.namePlaceholder")}
                  autoComplete="off"
                />
                <FieldErrors id={fields.name.errorId} errors={fields.name.errors} t={t} />
              </div>
              <p className="row-actions">
                <button type="submit" name="intent" value="set" className="btn btn--primary" disabled={busy}>
                  {t("calendar.save")}
                </button>
                <button type="submit" name="intent" value="remove" className="btn btn--danger" disabled={busy} formNoValidate>
                  {t("calendar.remove")}
                </button>
              </p>
            </Form>
          </section>

          <section className="panel" aria-labelledby="cal-list-h">
            <h2 id="cal-list-h">{t("calendar.listTitle")}</h2>
            {grid.spans.length === 0 ? (
              <p className="form-hint">{t("calendar.listEmpty")}</p>
            ) : (
              <ul className="cal-list">
                {grid.spans.map((e) => (
                  <li key={e.first}>
                    <span className={`badge ${e.kind === "HOLIDAY" ? "badge--red" : "badge--blue"}`}>{t(`calendar.kind.${e.kind}`)}</span>{" "}
                    <span className="mono">
                      <time dateTime={e.first}>{e.first}</time>
                      {e.days > 1 ? (
                        <>
                          {" – "}
                          <time dateTime={e.last}>{e.last.slice(5)}</time>
                        </>
                      ) : null}
                    </span>{" "}
                    {e.name}
                    {e.days > 1 ? <span className="muted"> {t("calendar.spanDays", { count: e.days })}</span> : null}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
      </div>
    </>
  );
}

/** Saturday or Sunday, from the date alone (no zone involved). */
function isWeekend(date: string): boolean {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 || d === 6;
}

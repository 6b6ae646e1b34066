import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { MonthField } from "~/components/supervision/month-field";
import { usePollWhile } from "~/components/use-poll-while";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "~/components/csrf-input";
import { DataTable } from "~/components/data-table";
import { useRootData } from "~/components/use-root-data";
import { can } from "~/domain/accounts/permissions";
import { listMonthlyBulletins } from "~/domain/supervision/list-monthly-bulletins";
import { recentClosedMonths } from "~/domain/supervision/month-range";
import { requestMonthlyBulletin } from "~/domain/supervision/request-monthly-bulletin";
import { requirePermission } from "~/lib/auth.server";
import { readForm } from "~/lib/csrf.server";
import { formatInstant } from "~/lib/time";
import { withDomainErrors, type ErrorBody } from "~/lib/http.server";
import { pageTitle } from "~/lib/i18n";
import reportsCss from "~/styles/reports.css?url";
import supervisionCss from "~/styles/supervision.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: supervisionCss },
  { rel: "stylesheet", href: reportsCss },
];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "supervision:bulletins.title");

/** GET /supervision/bulletins — the monthly bulletins (月度通报) with downloads, and a form to make one for a past month. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "statistics.read");
  return { bulletins: await listMonthlyBulletins(actor), months: recentClosedMonths(24), canGenerate: can(actor.role, "bulletin.generate") };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "bulletin.generate");
  return withDomainErrors(
    request,
    async () => {
      const form = await readForm(request);
      const month = String(form.get("month") ?? "");
      await requestMonthlyBulletin(actor, { month });
      return redirect(`/supervision/bulletins?requested=${encodeURIComponent(month)}`);
    },
    ["supervision", "common"],
  );
}

export default function Bulletins() {
  const { bulletins, months, canGenerate } = useLoaderData<typeof loader>();
  const res = useActionData<typeof action>() as ErrorBody | undefined;
  const { t } = useTranslation("supervision");
  const locale = useRootData()?.locale ?? "zh-CN";
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const requested = params.get("requested");
  const pending = requested !== null && !bulletins.some((b) => b.month === requested);
  // The worker renders the PDF in a few seconds: poll until the requested month is listed (at most 2 minutes).
  usePollWhile(pending, 1500, 120_000);
  return (
    <div className="container section stack sv-page">
      <h1>{t("bulletins.title")}</h1>
      <p className="lead">{t("bulletins.lead")}</p>
      {canGenerate ? (
        <Form method="post" className="card rp-month-form" aria-label={t("bulletins.generate")}>
          <CsrfInput />
          <MonthField id="bulletin-month" label={t("bulletins.month")} months={months} describedBy="bulletin-hint" />
          <button type="submit" className="btn btn--primary" disabled={busy}>
            {t("bulletins.generate")}
          </button>
          <p id="bulletin-hint" className="muted rp-hint">
            {t("bulletins.generateHint")}
          </p>
        </Form>
      ) : null}
      {res?.error ? (
        <div className="alert alert--error" role="alert">
          {res.error.message}
        </div>
      ) : null}
      <div aria-live="polite">
        {pending ? (
          <div className="card stack">
            <span>{t("bulletins.pending", { month: requested })}</span>
            <progress className="progress" aria-label={t("bulletins.pending", { month: requested })} />
          </div>
        ) : null}
      </div>
      {bulletins.length === 0 ? (
        <p className="muted">{t("bulletins.empty")}</p>
      ) : (
        <DataTable
          caption={<caption className="visually-hidden">{t("bulletins.caption")}</caption>}
          head={
            <>
              <th scope="col">{t("bulletins.cols.month")}</th>
              <th scope="col">{t("bulletins.cols.number")}</th>
              <th scope="col">{t("bulletins.cols.createdAt")}</th>
              <th scope="col" className="num">
                {t("bulletins.cols.size")}
              </th>
              <th scope="col">{t("bulletins.cols.download")}</th>
            </>
          }
        >
          {bulletins.map((b) => (
            <tr key={b.id} className={b.month === requested ? "is-fresh" : undefined}>
              <th scope="row">{b.month}</th>
              <td>
                <code>{b.number}</code>
              </td>
              <td>{formatInstant(b.createdAt, locale, "datetimeShort")}</td>
              <td className="num">{Math.ceil(b.size / 1024)} KB</td>
              <td>
                <a href={`/supervision/bulletins/${b.id}.pdf`} download>
                  {t("bulletins.download")}
                </a>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </div>
  );
}

import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { usePollWhile } from "~/components/use-poll-while";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormAlert } from "~/components/accounts/field";
import { CsrfInput } from "~/components/csrf-input";
import { DataTable } from "~/components/data-table";
import { SpecialtyRequests } from "~/components/experts/specialty-requests";
import { msg } from "~/domain/accounts/messages";
import { isDomainError } from "~/domain/errors";
import { decideSpecialtyRequest } from "~/domain/experts/decide-specialty-request";
import { MAX_BYTES } from "~/domain/experts/expert-rows";
import { listExperts } from "~/domain/experts/list-experts";
import { listSpecialtyRequests } from "~/domain/experts/list-specialty-requests";
import { revealExpertContact } from "~/domain/experts/reveal-expert-contact";
import { decideSpecialtyRequestSchema } from "~/domain/experts/profile-schemas";
import { getExpertImport, startExpertImport } from "~/domain/experts/start-expert-import";
import { requirePermission } from "~/lib/auth.server";
import { isUuid } from "~/lib/uuid";
import { readForm } from "~/lib/csrf.server";
import { pageTitle } from "~/lib/i18n";
import accountsCss from "~/styles/accounts.css?url";
import drawCss from "~/styles/draw.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: accountsCss },
  { rel: "stylesheet", href: drawCss },
];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "draw-ui:experts.title");

const filterSchema = z.object({
  q: z.string().max(60).optional().catch(undefined),
  specialty: z.string().regex(/^[A-C]\d{0,6}$/).optional().catch(undefined),
  status: z.enum(["ACTIVE", "SUSPENDED", "RETIRED"]).optional().catch(undefined),
});

/** A stale or foreign ?import= id shows no progress panel; anything else is a fault and is not hidden. */
function refusedAsNull(e: unknown): null {
  if (isDomainError(e)) return null;
  throw e;
}

/**
 * /staff/experts — the pool with filters, and the CSV/XLSX import: the upload starts the import job and
 * the page polls the import row (?import=<id>) for its progress and row errors until it is done. The
 * centre's expert administrators only (expert.manage; outside the /staff frame, which trade staff share);
 * phones masked, one revealed per need with a reason (audited).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "expert.manage");
  const sp = new URL(request.url).searchParams;
  const f = filterSchema.parse({ q: sp.get("q") || undefined, specialty: sp.get("specialty") || undefined, status: sp.get("status") || undefined });
  const importId = sp.get("import");
  const imp = isUuid(importId) ? await getExpertImport(actor, importId).catch(refusedAsNull) : null;
  return {
    ...(await listExperts(actor, f)),
    requests: await listSpecialtyRequests(actor),
    imp: imp && {
      id: imp.id, fileName: imp.fileName, status: imp.status, total: imp.total, processed: imp.processed, created: imp.created,
      errors: imp.errors as { row: number; column: string; code: string; params?: Record<string, string | number> }[],
    },
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "expert.manage");
  let deciding = false;
  try {
    // The file itself may be up to MAX_BYTES: lift the form cap just for this action.
    const form = await readForm(request, { maxBytes: MAX_BYTES + 64 * 1024 });
    // The experts' specialty-change requests are decided from this page too (same form parsing, CSRF checked).
    if (form.get("intent") === "reveal") {
      const c = await revealExpertContact(actor, { expertId: String(form.get("expertId") ?? ""), reason: String(form.get("reason") ?? "") });
      return data({ revealed: { expertId: c.expertId, phone: c.phone, email: c.email } });
    }
    if (form.get("intent") === "decideRequest") {
      deciding = true;
      const v = decideSpecialtyRequestSchema.safeParse(Object.fromEntries(form));
      if (!v.success) return data({ requestError: msg(v.error.issues[0]?.message ?? "common:errors.invalidForm") }, { status: 422 });
      await decideSpecialtyRequest(actor, v.data);
      return redirect(`/staff/experts?request=${v.data.decision === "apply" ? "applied" : "rejected"}#requests`);
    }
    const file = form.get("file");
    if (!(file instanceof File) || !file.name) return data({ error: msg("experts:errors.fileEmpty") }, { status: 422 });
    const { importId } = await startExpertImport(actor, { fileName: file.name, bytes: Buffer.from(await file.arrayBuffer()) });
    return redirect(`/staff/experts?import=${importId}`);
  } catch (e) {
    // Not withDomainErrors: the refusal goes under the panel that asked (a request's decision or the import).
    if (isDomainError(e)) return data(deciding ? { requestError: msg(e.code, e.params) } : { error: msg(e.code, e.params) }, { status: e.status });
    throw e;
  }
}

function ImportProgress({ imp }: { imp: NonNullable<Awaited<ReturnType<typeof loader>>["imp"]> }) {
  const { t } = useTranslation("draw-ui");
  const { t: tx } = useTranslation("experts");
  const running = imp.status === "PENDING" || imp.status === "RUNNING";
  // Poll the import row once a second while the worker runs; stop when it is done or failed.
  usePollWhile(running);
  const pct = imp.total ? Math.round((imp.processed / imp.total) * 100) : 0;
  return (
    <div className="stack" aria-live="polite">
      <p>
        <strong>{imp.fileName}</strong> · {t(`experts.importStatus.${imp.status}`)}
      </p>
      {imp.status !== "FAILED" ? (
        <>
          <progress className="progress" max={100} value={imp.status === "DONE" ? 100 : pct} aria-label={t("experts.importTitle")} />
          <span className="progress-label">{t("experts.progress", { processed: imp.processed, total: imp.total })}</span>
        </>
      ) : null}
      {imp.status === "DONE" ? <div className="alert alert--success">{t("experts.created", { count: imp.created })}</div> : null}
      {imp.errors.length ? (
        <div className="alert alert--error">
          <p>{t("experts.rowErrors", { count: imp.errors.length })}</p>
          <DataTable
            head={
              <>
                <th className="num">{t("experts.row")}</th>
                <th>{t("experts.column")}</th>
                <th>{t("experts.error")}</th>
              </>
            }
          >
            {imp.errors.slice(0, 200).map((e, i) => (
              <tr key={i}>
                <td className="num">{e.row || "—"}</td>
                <td>{e.column ? t(`experts.columns.${e.column}`, { defaultValue: e.column }) : "—"}</td>
                <td>{tx(e.code.replace(/^experts:/, ""), e.params ?? {})}</td>
              </tr>
            ))}
          </DataTable>
        </div>
      ) : null}
    </div>
  );
}

export default function ExpertsPage() {
  const d = useLoaderData<typeof loader>();
  const res = useActionData<typeof action>() as
    | { error?: string; requestError?: string; revealed?: { expertId: string; phone: string; email: string } }
    | undefined;
  const { t } = useTranslation("draw-ui");
  const { t: tx } = useTranslation("experts");
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="draw-page">
      <h1>{t("experts.title")}</h1>
      <p className="lead">{t("experts.lead")}</p>
      {params.get("request") === "applied" || params.get("request") === "rejected" ? (
        <div className="alert alert--success" role="status">
          {t(`experts.${params.get("request")}`)}
        </div>
      ) : null}
      <SpecialtyRequests rows={d.requests} error={res?.requestError} busy={busy} />

      <section className="panel" aria-labelledby="import-h">
        <h2 id="import-h">{t("experts.importTitle")}</h2>
        <p className="form-hint">{t("experts.importHint")}</p>
        <FormAlert errors={res?.error ? [res.error] : undefined} />
        <Form method="post" encType="multipart/form-data" className="draw-filter">
          <CsrfInput />
          <div className="form-field">
            <label htmlFor="file">{t("experts.file")}</label>
            <input id="file" name="file" type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required />
          </div>
          <button type="submit" className="btn btn--primary" disabled={busy}>
            {t("experts.upload")}
          </button>
        </Form>
        {d.imp ? <ImportProgress imp={d.imp} /> : null}
      </section>

      <Form method="get" className="draw-filter panel">
        <div className="form-field">
          <label htmlFor="q">{t("experts.q")}</label>
          <input id="q" name="q" type="search" defaultValue={params.get("q") ?? ""} maxLength={60} />
        </div>
        <div className="form-field">
          <label htmlFor="specialty">{t("experts.specialty")}</label>
          <select id="specialty" name="specialty" defaultValue={params.get("specialty") ?? ""}>
            <option value="">{t("experts.all")}</option>
            {d.specialties.map((s) => (
              <option key={s.code} value={s.code}>
                {"\u3000".repeat(s.level - 1)}
                {s.code} {s.name}
              </option>
            ))}
          </select>
        </div>
        <div className="form-field">
          <label htmlFor="status">{t("experts.status")}</label>
          <select id="status" name="status" defaultValue={params.get("status") ?? ""}>
            <option value="">{t("experts.all")}</option>
            {(["ACTIVE", "SUSPENDED", "RETIRED"] as const).map((s) => (
              <option key={s} value={s}>
                {tx(`expertStatus.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="btn btn--secondary">
          {t("experts.filter")}
        </button>
      </Form>

      <p className="muted">{t("experts.total", { count: d.total, shown: d.rows.length })}</p>
      {d.rows.length === 0 ? (
        <p className="muted">{t("experts.empty")}</p>
      ) : (
        <DataTable
          head={
            <>
              <th>{t("experts.code")}</th>
              <th>{t("experts.name")}</th>
              <th>{t("experts.idNumber")}</th>
              <th>{t("experts.employer")}</th>
              <th>{t("experts.phone")}</th>
              <th>{t("experts.title_")}</th>
              <th>{t("experts.specialties")}</th>
              <th>{t("experts.status")}</th>
            </>
          }
        >
          {d.rows.map((e) => (
            <tr key={e.id}>
              <td className="mono">{e.code}</td>
              <td>{e.name}</td>
              <td className="mono">{e.idNumberMasked}</td>
              <td>{e.employerOrgName}</td>
              <td>
                {res?.revealed?.expertId === e.id ? (
                  <span className="mono">
                    {res.revealed.phone} {res.revealed.email}
                  </span>
                ) : (
                  <details>
                    <summary className="mono">{e.phone}</summary>
                    <Form method="post" className="stack">
                      <CsrfInput />
                      <input type="hidden" name="expertId" value={e.id} />
                      <label>
                        {t("experts.revealReason")}
                        <input name="reason" type="text" required minLength={2} maxLength={200} />
                      </label>
                      <button type="submit" name="intent" value="reveal" className="btn btn--secondary">
                        {t("experts.reveal")}
                      </button>
                    </Form>
                  </details>
                )}
              </td>
              <td>{e.title}</td>
              <td>{e.specialties.join(" ")}</td>
              <td>{tx(`expertStatus.${e.status}`)}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </div>
  );
}

import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "~/components/csrf-input";
import { useRootData } from "~/components/use-root-data";
import { formatInstant } from "~/lib/time";
import { TenderPicker, type AssignableTender } from "./tender-picker";

/** Pieces of /supervision/social-supervisors (plain data in, forms posting intents to that route). */

export interface AssignmentRow {
  id: string;
  status: string;
  projectCode: string;
  projectTitle: string;
  lot: string | null;
  recusalReason: string | null;
  recusalRequestedAt: string | null;
}

export interface AppointmentRow {
  id: string;
  status: string;
  username: string;
  name: string;
  affiliation: string;
  termStart: string;
  termEnd: string;
  agreementSignedAt: string | null;
  certificateNo: string | null;
  certificateDocumentId: string | null;
  assignments: AssignmentRow[];
  appraisals: { id: string; kind: string; score: number | null; text: string; createdAt: string }[];
}

const STATUS_TONE: Record<string, string> = { NOMINATED: "amber", ACTIVE: "green", SUSPENDED: "amber", DISMISSED: "red", EXPIRED: "blue" };

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <label className="form-field">
      <span className="form-label">{label}</span>
      {children}
    </label>
  );
}

export function PendingRecusals({ rows }: { rows: (AssignmentRow & { name: string })[] }) {
  const { t } = useTranslation("social");
  const busy = useNavigation().state !== "idle";
  return (
    <section className="card stack" aria-labelledby="ss-recusals">
      <h2 id="ss-recusals">{t("recusal.pending")}</h2>
      {rows.length === 0 ? (
        <p className="muted">{t("recusal.none")}</p>
      ) : (
        rows.map((r) => (
          <Form method="post" key={r.id} className="stack" data-testid="recusal-request">
            <CsrfInput />
            <input type="hidden" name="intent" value="recusal" />
            <input type="hidden" name="assignmentId" value={r.id} />
            <p>
              <strong>{r.name}</strong> · {r.projectCode} {r.projectTitle}
              {r.lot ? ` · ${r.lot}` : ""}
            </p>
            <p>
              {t("cols.reason")}：{r.recusalReason}
            </p>
            <Field label={t("recusal.note")}>
              <input name="note" maxLength={2000} />
            </Field>
            <div className="sv-tabs">
              <button className="btn btn--primary" name="decision" value="grant" disabled={busy}>
                {t("recusal.grant")}
              </button>
              <button className="btn btn--secondary" name="decision" value="refuse" disabled={busy}>
                {t("recusal.refuse")}
              </button>
            </div>
          </Form>
        ))
      )}
    </section>
  );
}

export function SupervisorRow({ r, canManage, canNominate, tenders }: { r: AppointmentRow; canManage: boolean; canNominate: boolean; tenders: AssignableTender[] }) {
  const { t } = useTranslation("social");
  const locale = useRootData()?.locale ?? "zh-CN";
  const day = (s: string) => formatInstant(s, locale, "date");
  const live = r.status === "ACTIVE" || r.status === "SUSPENDED";
  const events = [
    ...(r.status === "NOMINATED" && canNominate ? ["withdraw"] : []),
    ...(canManage && r.status === "ACTIVE" ? ["suspend", "dismiss"] : []),
    ...(canManage && r.status === "SUSPENDED" ? ["reinstate", "dismiss"] : []),
  ];
  return (
    <tr data-testid={`appointment-${r.username}`}>
      <td>
        <strong>{r.name}</strong> <span className="muted mono">{r.username}</span>
        {r.affiliation ? <div className="muted">{r.affiliation}</div> : null}
      </td>
      <td>
        <span className={`badge badge--${STATUS_TONE[r.status] ?? "blue"}`}>{t(`status.${r.status}`)}</span>
      </td>
      <td>
        {day(r.termStart)} – {day(r.termEnd)}
      </td>
      <td>
        {r.certificateDocumentId ? (
          <a href={`/documents/${r.certificateDocumentId}?download=1`}>{r.certificateNo}</a>
        ) : r.agreementSignedAt ? (
          <span className="muted">{t("list.noCertificate")}</span>
        ) : (
          "—"
        )}
      </td>
      <td>
        <ul className="plain">
          {r.assignments.map((s) => (
            <li key={s.id}>
              <span className="mono">{s.projectCode}</span> {s.lot ?? t("list.wholeProject")} · {t(`assignmentStatus.${s.status}`)}
            </li>
          ))}
        </ul>
      </td>
      <td>
        <ul className="plain">
          {r.appraisals.map((e) => (
            <li key={e.id}>
              {t(`appraisalKind.${e.kind}`)}
              {e.score ? ` ${e.score}/5` : ""}：{e.text}
            </li>
          ))}
        </ul>
      </td>
      <td>
        {canManage && live ? (
          <details>
            <summary>{t("assign.title")}</summary>
            <Form method="post" className="stack">
              <CsrfInput />
              <input type="hidden" name="intent" value="assign" />
              <input type="hidden" name="appointmentId" value={r.id} />
              <TenderPicker tenders={tenders} />
              <button className="btn btn--primary">{t("assign.submit")}</button>
            </Form>
          </details>
        ) : null}
        {canManage && live ? (
          <details>
            <summary>{t("appraisal.title")}</summary>
            <Form method="post" className="stack">
              <CsrfInput />
              <input type="hidden" name="intent" value="appraise" />
              <input type="hidden" name="appointmentId" value={r.id} />
              <Field label={t("appraisal.kind")}>
                <select name="kind" defaultValue="APPRAISAL">
                  <option value="APPRAISAL">{t("appraisalKind.APPRAISAL")}</option>
                  <option value="VIOLATION">{t("appraisalKind.VIOLATION")}</option>
                </select>
              </Field>
              <Field label={t("appraisal.score")}>
                <input name="score" type="number" min={1} max={5} />
              </Field>
              <Field label={t("appraisal.text")}>
                <textarea name="text" required minLength={2} maxLength={2000} />
              </Field>
              <button className="btn btn--primary">{t("appraisal.submit")}</button>
            </Form>
          </details>
        ) : null}
        {events.length ? (
          <details>
            <summary>{t("cols.status")}</summary>
            <Form method="post" className="stack">
              <CsrfInput />
              <input type="hidden" name="intent" value="status" />
              <input type="hidden" name="appointmentId" value={r.id} />
              <Field label={t("manage.reason")}>
                <input name="reason" maxLength={2000} />
              </Field>
              <div className="sv-tabs">
                {events.map((ev) => (
                  <button key={ev} className={`btn ${ev === "dismiss" ? "btn--danger" : "btn--secondary"}`} name="event" value={ev}>
                    {t(`manage.${ev}`)}
                  </button>
                ))}
              </div>
            </Form>
          </details>
        ) : null}
      </td>
    </tr>
  );
}

export function NominateForm() {
  const { t } = useTranslation("social");
  const busy = useNavigation().state !== "idle";
  return (
    <section className="card stack" aria-labelledby="ss-nominate">
      <h2 id="ss-nominate">{t("nominate.title")}</h2>
      <Form method="post" className="stack">
        <CsrfInput />
        <input type="hidden" name="intent" value="nominate" />
        <Field label={t("nominate.user")}>
          <input name="user" required maxLength={64} autoComplete="off" aria-describedby="ss-user-hint" />
        </Field>
        <p className="muted" id="ss-user-hint">
          {t("nominate.userHint")}
        </p>
        <Field label={t("nominate.affiliation")}>
          <input name="affiliation" maxLength={200} />
        </Field>
        <Field label={t("nominate.termMonths")}>
          <input name="termMonths" type="number" min={1} max={60} defaultValue={24} />
        </Field>
        <Field label={t("nominate.note")}>
          <textarea name="note" maxLength={2000} />
        </Field>
        <button className="btn btn--primary" disabled={busy}>
          {t("nominate.submit")}
        </button>
      </Form>
    </section>
  );
}

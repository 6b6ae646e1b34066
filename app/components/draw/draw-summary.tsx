import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/data-table";
import { useRootData } from "~/components/use-root-data";
import { formatInstant } from "~/lib/time";

/**
 * (draw UI) The parts of a draw both staff and supervisors see: conditions, commitment, pools with
 * digests, avoidance counts, and the seat table. Names appear only when the domain put them in the seat
 * (getDraw seals them for staff) — this component never asks for them.
 */
interface Seat {
  memberId: string;
  specialtyCode: string;
  role: "MEMBER" | "BACKUP";
  rank: number;
  status: string;
  respondBy: string | Date | null;
  replacesId: string | null;
  expert?: { code: string; name: string; title: string; employer: string; phone: string };
}
export interface DrawSummaryData {
  id: string;
  lotLabel: string;
  seq: number;
  kind: string;
  status: string;
  committeeMembers: number;
  evaluationAt: string | Date;
  evaluationPlace: string;
  responseMinutes: number;
  commitment: string;
  requestedAt: string | Date;
  drawnAt: string | Date | null;
  avoidance: Record<string, number>;
  pools: { position: number; specialtyCode: string; specialtyName: string; members: number; backups: number; count: number; digest: string }[];
  seats: Seat[];
  counts: Record<string, number>;
}

const AVOIDANCE = ["candidates", "inactive", "bidder", "buyer", "agent", "projectPeople", "violation", "leave", "recent", "alreadyInLot", "eligible"];
const STATUS_TONE: Record<string, string> = {
  AWAITING_ENTROPY: "badge--amber", DRAWN: "badge--blue", FINAL: "badge--green", CANCELLED: "badge--red",
  NOTIFIED: "badge--amber", CONFIRMED: "badge--green", DECLINED: "badge--red", TIMED_OUT: "badge--red", AVOIDED: "badge--red", STANDBY: "",
};

export function DrawStatusBadge({ status, member = false }: { status: string; member?: boolean }) {
  const { t } = useTranslation("experts");
  return <span className={`badge ${STATUS_TONE[status] ?? ""}`}>{t(member ? `memberStatus.${status}` : `status.${status}`)}</span>;
}

export function DrawSummary({ d }: { d: DrawSummaryData }) {
  const { t } = useTranslation("draw-ui");
  const { t: te } = useTranslation("experts");
  const locale = useRootData()?.locale ?? "zh-CN";
  const at = (x: string | Date | null) => (x ? formatInstant(x, locale, "datetimeShort") : "—");
  const named = d.seats.some((s) => s.expert);
  const membersOf = (code: string) => d.pools.find((p) => p.specialtyCode === code)?.members ?? 0;
  return (
    <>
      <dl className="fields draw-fields">
        <dt>{t("common.lot")}</dt>
        <dd>{d.lotLabel}</dd>
        <dt>{t("common.draw")}</dt>
        <dd>
          {te(`kind.${d.kind}`)} #{d.seq} <DrawStatusBadge status={d.status} />
        </dd>
        <dt>{t("common.evaluation")}</dt>
        <dd>
          {at(d.evaluationAt)} · {d.evaluationPlace}
        </dd>
        <dt>{t("common.committee")}</dt>
        <dd>{d.committeeMembers}</dd>
        <dt>{t("common.requestedAt")}</dt>
        <dd>{at(d.requestedAt)}</dd>
        <dt>{t("common.drawnAt")}</dt>
        <dd>{at(d.drawnAt)}</dd>
        <dt>{t("common.commitment")}</dt>
        <dd>
          <code className="hash draw-hash">{d.commitment}</code>
          <div className="form-hint">{t("common.commitmentHint")}</div>
        </dd>
      </dl>

      <div className="draw-cols">
        <section className="panel" aria-labelledby="pools-h">
          <h2 id="pools-h">{t("common.pools")}</h2>
          <DataTable
            head={
              <>
                <th>{te("proof.specialty")}</th>
                <th className="num">{te("proof.members")}</th>
                <th className="num">{te("proof.backups")}</th>
                <th className="num">{t("common.eligible")}</th>
                <th>{t("common.digest")}</th>
              </>
            }
          >
            {d.pools.map((p) => (
              <tr key={p.position}>
                <td>
                  {p.specialtyCode} {p.specialtyName}
                </td>
                <td className="num">{p.members}</td>
                <td className="num">{p.backups}</td>
                <td className="num">{p.count}</td>
                <td>
                  <code className="hash" title={p.digest}>{p.digest.slice(0, 16)}…</code>
                </td>
              </tr>
            ))}
          </DataTable>
        </section>
        <section className="panel" aria-labelledby="avoid-h">
          <h2 id="avoid-h">{t("common.avoidance")}</h2>
          <table className="table">
            <tbody>
              {AVOIDANCE.filter((k) => d.avoidance[k] !== undefined).map((k) => (
                <tr key={k}>
                  <th scope="row">{te(`avoidance.${k}`)}</th>
                  <td className="num">{d.avoidance[k]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>

      <section className="panel" aria-labelledby="seats-h">
        <h2 id="seats-h">
          {t("common.seats")} <span className="muted">{t("common.seatsCount", { count: d.seats.length })}</span>
        </h2>
        <p className="draw-counts">
          {Object.entries(d.counts)
            .filter(([, n]) => n > 0)
            .map(([k, n]) => (
              <span key={k} className="draw-count">
                <DrawStatusBadge status={k} member /> {n}
              </span>
            ))}
        </p>
        {d.seats.length ? (
          <DataTable
            head={
              <>
                <th>{te("proof.specialty")}</th>
                <th>{t("common.role")}</th>
                <th className="num">{t("common.rank")}</th>
                {named ? (
                  <>
                    <th>{t("common.code")}</th>
                    <th>{t("common.expert")}</th>
                    <th>{t("common.employer")}</th>
                    <th>{t("common.phone")}</th>
                  </>
                ) : null}
                <th>{t("common.status")}</th>
                <th>{t("common.respondBy")}</th>
              </>
            }
          >
            {d.seats.map((s) => (
              <tr key={s.memberId}>
                <td>{s.specialtyCode}</td>
                <td>
                  {te(`role.${s.role}`)}
                  {s.replacesId ? <span className="muted"> · {t("common.replaces")}</span> : null}
                </td>
                {/* Backups are called in their own order: 备选 1, 2 … rather than the pool-wide rank. */}
                <td className="num">{s.role === "BACKUP" ? s.rank - membersOf(s.specialtyCode) + 1 : s.rank + 1}</td>
                {named ? (
                  <>
                    <td className="mono">{s.expert?.code}</td>
                    <td>
                      {s.expert?.name} <span className="muted">{s.expert?.title}</span>
                    </td>
                    <td>{s.expert?.employer}</td>
                    <td className="mono">{s.expert?.phone}</td>
                  </>
                ) : null}
                <td>
                  <DrawStatusBadge status={s.status} member />
                </td>
                <td>{at(s.respondBy)}</td>
              </tr>
            ))}
          </DataTable>
        ) : (
          <p className="muted">{t("common.noSeats")}</p>
        )}
      </section>
    </>
  );
}

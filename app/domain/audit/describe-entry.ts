import { formatFen } from "~/lib/money";
import type { EntityName } from "./name-entries";
import { UUID_PATTERN as UUID } from "~/lib/uuid";

/** The translate function the describer needs (i18next's TFunction fits; the exports pass a fixed one). */
export type Translate = (key: string, opts?: Record<string, unknown>) => string;

/** What a reader sees of one log entry: the action in words, the object by name and code, the details as labelled fields. */
export interface EntryWords {
  action: string;
  entity: string;
  fields: { key: string; label: string; value: string }[];
  /** The details on one line ("标段：…；原因：…"), for the exports' single column. */
  line: string;
}

interface Describable {
  action: string;
  entityType: string;
  entityId: string;
  detail: Record<string, unknown>;
  names?: Record<string, EntityName>;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** "close_bidding" → "close bidding", "lotNo" → "lot no": the last resort for a code nobody translated. */
export const humanize = (code: string) =>
  code.replace(/[._]/g, " ").replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase().trim();

/** An id by its name: "示范工程（GC-2026-001 第1标段）", "示范建工（91…）"; an unknown id shortened. */
export function nameOf(id: string, names: Record<string, EntityName> | undefined, t: Translate): string {
  const n = names?.[id.toLowerCase()];
  if (!n) return UUID.test(id) ? `${id.slice(0, 8)}…` : id;
  if (n.type === "Lot" || n.type === "OpeningSession" || n.type === "Draw") return t("audit:entityName.atLot", { name: n.name, code: n.code, n: n.lotNo });
  if (n.type === "Bid") return t("audit:entityName.Bid", { name: n.name, code: n.code, n: n.lotNo });
  return n.code ? t("audit:entityName.withCode", { name: n.name, code: n.code }) : n.name;
}

function formatValue(key: string, v: unknown, e: Describable, t: Translate, instant: (iso: string) => string): string {
  if (v === null || v === undefined || v === "") return "—";
  if (typeof v === "boolean") return t(v ? "audit:values.yes" : "audit:values.no");
  if (typeof v === "number") return String(v);
  if (typeof v === "string") {
    if (key === "filter") return describeLogFilter(v, t);
    if (UUID.test(v)) return nameOf(v, e.names, t);
    if (/Fen$/.test(key) && /^-?\d+$/.test(v)) return formatFen(BigInt(v));
    if (ISO.test(v)) return instant(v);
    if (key === "role") return t(`common:roles.${v}`, { defaultValue: v });
    // An entry about another entry (an alert raised by an operation) names that operation's action in words.
    if (key === "action" && /^[a-z_]+(?:\.[a-z_]+)+$/.test(v)) return t(`audit:actions.${v}`, { defaultValue: v });
    // Lot states and hall steps are codes too: say them in words where the app has words for them.
    if ((key === "from" || key === "to" || key === "status") && /^[A-Z_]+$/.test(v)) return t(`tenders:statuses.${v}`, { defaultValue: v });
    if (/^[a-z-]+:[\w.]+$/i.test(v)) return t(v, { defaultValue: v });
    return v;
  }
  if (Array.isArray(v)) return v.map((x) => formatValue(key, x, e, t, instant)).join("、");
  return Object.entries(v as Record<string, unknown>)
    .map(([k, x]) => t("audit:entityName.field", { label: t(`audit:detailFields.${k}`, { defaultValue: humanize(k) }), value: formatValue(k, x, e, t, instant) }))
    .join(t("audit:entityName.fieldSep"));
}

/** A log export's filter ("action=lot.approve&from=…") as the log page's own labels, the action in words. */
function describeLogFilter(query: string, t: Translate): string {
  const parts = [...new URLSearchParams(query)].map(([k, x]) =>
    t("audit:entityName.field", {
      label: t(`audit:log.filter.${k}`, { defaultValue: k }),
      value: k === "action" ? t(`audit:actions.${x}`, { defaultValue: x }) : x,
    }),
  );
  return parts.length ? parts.join(t("audit:entityName.fieldSep")) : "—";
}

/**
 * The one place a log entry becomes words — the live log page, its CSV/XLSX/PDF exports and the observer's
 * recent entries all call it, so they say the same thing.
 */
export function describeEntry(e: Describable, t: Translate, instant: (iso: string) => string = (s) => s): EntryWords {
  const action = t(`audit:actions.${e.action}`, { defaultValue: humanize(e.action) });
  const type = t(`audit:entityTypes.${e.entityType}`, { defaultValue: humanize(e.entityType) });
  const entity = e.entityId ? t("audit:entityName.typed", { type, name: nameOf(e.entityId, e.names, t) }) : type;
  const fields = Object.entries(e.detail ?? {})
    // The entity's own lot is already in the object column.
    .filter(([k, v]) => !(k === "lotId" && e.entityType === "Lot" && v === e.entityId))
    .map(([key, v]) => ({ key, label: t(`audit:detailFields.${key}`, { defaultValue: humanize(key) }), value: formatValue(key, v, e, t, instant) }));
  const line = fields.map((f) => t("audit:entityName.field", { label: f.label, value: f.value })).join(t("audit:entityName.fieldSep"));
  return { action, entity, fields, line };
}

import { addDays, isValidDateStr, startOfShanghaiDay } from "~/domain/rules/dates";
import { DomainError } from "~/domain/errors";
import type { AnnouncementFilter } from "~/domain/tenders/list-public-announcements";
import type { PublicTenderFilter } from "~/domain/tenders/list-public-tenders";

/**
 * Query strings of the public portal (pages, JSON API, Atom feed) → domain filters. One parser for all
 * of them, so /tenders?… and /api/v1/tenders?… accept exactly the same addresses.
 *
 * Dates are Shanghai calendar days "YYYY-MM-DD"; `to` includes its whole day. A malformed date is a
 * refusal naming the field (422), never silently ignored: a filter that does nothing would mislead.
 */
const KEYS = ["q", "type", "status", "region", "from", "to", "page", "pageSize", "kind"] as const;
type Key = (typeof KEYS)[number];

/** The non-empty recognised parameters, trimmed: also what the search form shows again. */
export function portalParams(sp: URLSearchParams): Partial<Record<Key, string>> {
  const out: Partial<Record<Key, string>> = {};
  for (const k of KEYS) {
    // Control characters (a NUL reaches PostgreSQL's search and fails there) mean nothing in a filter.
    const v = sp.get(k)?.replace(/\p{Cc}/gu, "").trim();
    if (v) out[k] = v;
  }
  return out;
}

function dayBounds(p: Partial<Record<Key, string>>) {
  const bound = (field: "from" | "to", plusDays: number) => {
    const v = p[field];
    if (!v) return undefined;
    if (!isValidDateStr(v)) throw new DomainError("tenders:errors.invalidField", { field }, 422, field);
    return startOfShanghaiDay(addDays(v, plusDays));
  };
  return { from: bound("from", 0), to: bound("to", 1) };
}

/** Filter of listPublicTenders; its own schema checks the rest (type, status, region, page…). */
export function tenderFilterFrom(sp: URLSearchParams, defaults: { pageSize?: number } = {}): PublicTenderFilter {
  const p = portalParams(sp);
  return {
    q: p.q,
    type: p.type as PublicTenderFilter["type"],
    status: p.status as PublicTenderFilter["status"],
    region: p.region,
    ...dayBounds(p),
    page: p.page ?? 1,
    pageSize: p.pageSize ?? defaults.pageSize ?? 20,
  };
}

/** Filter of listPublicAnnouncements. */
export function announcementFilterFrom(sp: URLSearchParams, defaults: { pageSize?: number } = {}): AnnouncementFilter {
  const p = portalParams(sp);
  return {
    kind: p.kind as AnnouncementFilter["kind"],
    type: p.type as AnnouncementFilter["type"],
    ...dayBounds(p),
    page: p.page ?? 1,
    pageSize: p.pageSize ?? defaults.pageSize ?? 20,
  };
}

/** The same search on another page: "?q=…&type=…&page=3". */
export function withPage(params: Partial<Record<Key, string | undefined>>, page: number): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) sp.set(k, v);
  if (page > 1) sp.set("page", String(page));
  else sp.delete("page");
  const s = sp.toString();
  return s ? `?${s}` : "?";
}

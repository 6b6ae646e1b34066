import { createHash } from "node:crypto";
import type { AlertKind } from "~/generated/prisma/enums";
import type { BidFact, RaisedAlert, StandingGroupFact } from "./types";

const short = (s: string) => createHash("sha256").update(s).digest("hex").slice(0, 16);

/** The evidence of a group: its current bids and bidders (ids, sorted) and how many bidders. */
function evidence(paramName: string, value: string, g: BidFact[]) {
  const orgs = [...new Set(g.map((b) => b.orgId))].sort();
  return { orgs, params: { [paramName]: value, bidIds: g.map((b) => b.id).sort().join(","), orgIds: orgs.join(","), bidders: orgs.length } };
}

/**
 * The common shape of the 串通投标 indicators (实施条例第四十条): bids of one lot from DIFFERENT
 * organisations sharing a trait (IP, device, file hash, bond account). One red alert per (kind, lot,
 * trait value) — keyed by the shared thing, never by the bidders — whose evidence names the CURRENT
 * (active) bids: a further bidder sharing it joins the same alert, a replaced bid gives way to its
 * successor (storeRaisedAlerts updates the alert in place). A standing alert whose trait fewer than two
 * bidders share any more (a bid withdrawn, or replaced by one without it) comes back `dissolved`, naming
 * who is left, and is closed. `standing`: the caller's standing alerts, limited to the lots it looks at.
 */
export function sharedTrait(
  bids: BidFact[],
  standing: StandingGroupFact[] | undefined,
  kind: AlertKind,
  trait: (b: BidFact) => string | null,
  paramName: string,
): RaisedAlert[] {
  const groups = new Map<string, BidFact[]>();
  for (const b of bids) {
    const v = trait(b)?.trim();
    if (!v) continue;
    const key = `${b.lotId}|${v}`;
    const g = groups.get(key);
    if (g) g.push(b);
    else groups.set(key, [b]);
  }
  const out: RaisedAlert[] = [];
  for (const [key, g] of groups) {
    const [lotId, value] = [key.slice(0, key.indexOf("|")), key.slice(key.indexOf("|") + 1)];
    const { orgs, params } = evidence(paramName, value, g);
    if (orgs.length < 2) continue;
    out.push({
      kind,
      severity: "RED",
      lotId,
      messageCode: `supervision:alerts.${kind}`,
      params,
      dedupeKey: `${kind.toLowerCase()}-${lotId}-${short(value)}`,
      group: { orgIds: orgs },
    });
  }
  const found = new Set(out.map((a) => a.dedupeKey));
  for (const s of standing ?? []) {
    if (s.kind !== kind || found.has(s.dedupeKey)) continue;
    const value = String(s.params[paramName] ?? "");
    const { orgs, params } = evidence(paramName, value, (value && groups.get(`${s.lotId}|${value}`)) || []);
    out.push({
      kind,
      severity: "RED",
      lotId: s.lotId,
      messageCode: `supervision:alerts.${kind}`,
      params,
      dedupeKey: s.dedupeKey,
      group: { orgIds: orgs, dissolved: true },
    });
  }
  return out;
}

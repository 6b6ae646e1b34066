import { createHash } from "node:crypto";
import type { BidFact, RaisedAlert } from "./types";

const short = (s: string) => createHash("sha256").update(s).digest("hex").slice(0, 16);

/**
 * The common shape of the 串通投标 indicators (实施条例第四十条): bids of one lot from DIFFERENT
 * organisations sharing a trait (IP, device, file hash, bond account). One red alert per (kind, lot,
 * trait value); a further bidder sharing it later does not raise again (the evidence is the same finding).
 */
export function sharedTrait(
  bids: BidFact[],
  kind: string,
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
    const orgs = [...new Set(g.map((b) => b.orgId))].sort();
    if (orgs.length < 2) continue;
    const [lotId, value] = [key.slice(0, key.indexOf("|")), key.slice(key.indexOf("|") + 1)];
    out.push({
      kind,
      severity: "RED",
      lotId,
      messageCode: `supervision:alerts.${kind}`,
      params: { [paramName]: value, bidIds: g.map((b) => b.id).sort().join(","), orgIds: orgs.join(","), bidders: orgs.length },
      dedupeKey: `${kind.toLowerCase()}-${lotId}-${short(value)}`,
    });
  }
  return out;
}

import { useRouteLoaderData } from "@remix-run/react";
import type { StaffLotData } from "~/routes/staff.lots.$lotId";

/** The lot frame's data (routes/staff.lots.$lotId) from any of its tab pages. */
export function useLotData() {
  const d = useRouteLoaderData<() => Promise<StaffLotData>>("routes/staff.lots.$lotId");
  if (!d) throw new Error("useLotData: only inside /staff/lots/:lotId");
  return d;
}

import { systemActor } from "~/domain/actor";
import { recheckDrawAvoidance } from "./recheck-draw-avoidance";

/** Handler of drawAvoidanceRecheck (schedule queue). */
export default async function recheckDrawAvoidanceJob(payload: { lotId: string; reason: string }) {
  return recheckDrawAvoidance(systemActor("worker:draw"), { lotId: payload.lotId });
}

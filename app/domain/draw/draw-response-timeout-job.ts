import { systemActor } from "~/domain/actor";
import { expireDrawResponse } from "./expire-draw-response";

/** Handler of drawResponseTimeout (schedule queue). */
export default async function drawResponseTimeoutJob(payload: { memberId: string; respondByMs: number }) {
  return expireDrawResponse(systemActor("worker:draw"), payload);
}

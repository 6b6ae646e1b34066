import { systemActor } from "~/domain/actor";
import { generateMonthlyBulletin } from "./generate-monthly-bulletin";
import { previousShanghaiMonth } from "./month-range";

/** Worker entry of `renderMonthlyBulletin`: no month (the scheduler's run on the 1st) means the month that just ended. */
export default async function renderMonthlyBulletinJob(payload: { month?: string }) {
  return generateMonthlyBulletin(systemActor("worker:monthly-bulletin"), { month: payload.month ?? previousShanghaiMonth() });
}

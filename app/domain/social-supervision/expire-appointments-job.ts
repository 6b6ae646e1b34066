import { getDb } from "~/lib/db.server";
import { expireAppointments } from "./expire-appointments";

/** Worker entry of the `expireSocialAppointments` job. */
export default async function expireAppointmentsJob() {
  return expireAppointments(getDb());
}

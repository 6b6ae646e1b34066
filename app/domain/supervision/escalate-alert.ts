import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { notify } from "~/domain/notify/notify";
import { getDb } from "~/lib/db.server";
import { addAlertNote, noteText } from "./handle-alert";

/**
 * Escalates an alert (上报): recorded as an ESCALATION note, audited, and every supervisor is notified in
 * the app so that the escalation is seen by the whole supervision office, not only its author.
 */
export async function escalateAlert(actor: Actor, input: { alertId: string; text: string }) {
  assertCan(actor, "alert.handle");
  const text = noteText(input.text);
  return getDb().$transaction(async (tx) => {
    const note = await addAlertNote(tx, actor, input.alertId, "ESCALATION", text);
    await notify(tx, {
      recipients: { role: "SUPERVISOR" },
      template: "supervision:notify.alertEscalated",
      params: { text: text.slice(0, 200) },
      channels: ["inapp"],
      entity: { type: "Alert", id: input.alertId },
      link: `/supervision/alerts#alert-${input.alertId}`,
      dedupeKey: `alert-escalated-${note.id}`,
    });
    return note;
  });
}

import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { getDb } from "~/lib/db.server";
import { addAlertNote, noteText } from "./handle-alert";

/** A supervisor's note on an alert (批注); audited. */
export async function annotateAlert(actor: Actor, input: { alertId: string; text: string }) {
  assertCan(actor, "alert.handle");
  const text = noteText(input.text);
  return getDb().$transaction((tx) => addAlertNote(tx, actor, input.alertId, "NOTE", text));
}

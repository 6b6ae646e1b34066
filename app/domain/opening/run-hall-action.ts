import type { Actor } from "~/domain/actor";
import { DomainError } from "~/domain/errors";
import { closeDecryption } from "./close-decryption";
import { confirmRecord } from "./confirm-record";
import { answerHallObjection, raiseHallObjection } from "./hall-objections";
import { releaseContentKey } from "./release-content-key";
import { settleUndecrypted } from "./settle-undecrypted";
import { signIn } from "./sign-in";
import { startConfirmation } from "./start-confirmation";
import { startOpening } from "./start-opening";

/**
 * The hall page's form intents → the one domain call each (the route stays a guard + this dispatch).
 * Every function checks its own permission and admission.
 */
export async function runHallAction(actor: Actor, lotId: string, f: Record<string, string>): Promise<Record<string, unknown>> {
  switch (f.intent) {
    case "signIn":
      return signIn(actor, { lotId });
    case "start":
      return startOpening(actor, { lotId });
    case "releaseKey":
      return releaseContentKey(actor, { lotId, bidId: f.bidId ?? "", contentKey: f.contentKey ?? "" });
    case "closeDecryption":
      await closeDecryption(actor, { lotId });
      return {};
    case "settle":
      return settleUndecrypted(actor, { lotId, bidId: f.bidId, fault: f.fault, reason: f.reason });
    case "startConfirmation":
      return startConfirmation(actor, { lotId });
    case "raiseObjection":
      return raiseHallObjection(actor, { lotId, text: f.text });
    case "answerObjection":
      return answerHallObjection(actor, { lotId, objectionId: f.objectionId, answer: f.answer });
    case "confirm":
      return confirmRecord(actor, { lotId, kind: "CONFIRMED" });
    case "disagree":
      return confirmRecord(actor, { lotId, kind: "DISAGREED", reason: f.reason ?? "" });
    default:
      throw new DomainError("common:errors.invalidForm", {}, 400);
  }
}

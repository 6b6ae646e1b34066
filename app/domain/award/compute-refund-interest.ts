import { startOfShanghaiDay } from "~/domain/rules/dates";
import { bondInterestFen } from "~/domain/rules/statutory/bond-refund-interest";
import { daysBetween } from "./record-contract";

/**
 * The interest owed with a bond refunded on `refundedOn` (a Shanghai day): from the bond's arrival (the bid's
 * submission) to that day, at the register row's rate (0 for guarantees). The one computation behind both
 * the amount the register offers and the cap recordBondRefund enforces, so an offered amount is accepted.
 */
export function computeRefundInterest(row: { bondFen: bigint; rateBp: number }, submittedAt: Date, refundedOn: string): bigint {
  return bondInterestFen(row.bondFen, row.rateBp, daysBetween(submittedAt, startOfShanghaiDay(refundedOn)));
}

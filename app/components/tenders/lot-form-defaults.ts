import type { LotInstantKey } from "~/domain/tenders/lot-terms";
import type { SuggestedSchedule } from "~/domain/tenders/suggest-lot-schedule";
import type { LotSummaryData } from "./lot-summary";
import { fenToYuanInput } from "~/lib/money";
import { toDatetimeLocal } from "~/lib/time";

/** The form's initial values from a stored lot: fen → yuan strings, instants → Beijing datetime-local. */
export function lotFormDefaults(lot: LotSummaryData & { title: string } & Record<LotInstantKey, Date | string>) {
  return {
    title: lot.title,
    description: lot.description,
    estimatedPriceFen: fenToYuanInput(BigInt(lot.estimatedPriceFen)),
    ceilingPriceFen: fenToYuanInput(BigInt(lot.ceilingPriceFen)),
    bondFen: fenToYuanInput(BigInt(lot.bondFen)),
    qualification: lot.qualification,
    evaluationMethod: lot.evaluationMethod,
    criteria: lot.criteria.map((c) => ({ name: c.name, weight: String(c.weight) })),
    docsAvailableFrom: toDatetimeLocal(lot.docsAvailableFrom),
    docsAvailableTo: toDatetimeLocal(lot.docsAvailableTo),
    clarificationCutoff: toDatetimeLocal(lot.clarificationCutoff),
    objectionCutoff: toDatetimeLocal(lot.objectionCutoff),
    bidDeadline: toDatetimeLocal(lot.bidDeadline),
    decryptionWindowMinutes: String(lot.decryptionWindowMinutes),
  };
}

/** The suggested schedule (~/domain/tenders/suggest-lot-schedule) as the new-lot form's initial values. */
export function suggestedScheduleDefaults(s: SuggestedSchedule) {
  return {
    docsAvailableFrom: toDatetimeLocal(s.docsAvailableFrom),
    docsAvailableTo: toDatetimeLocal(s.docsAvailableTo),
    clarificationCutoff: toDatetimeLocal(s.clarificationCutoff),
    objectionCutoff: toDatetimeLocal(s.objectionCutoff),
    bidDeadline: toDatetimeLocal(s.bidDeadline),
    decryptionWindowMinutes: String(s.decryptionWindowMinutes),
  };
}

import { TZDate } from "@date-fns/tz";
import { fenToYuanInput } from "~/lib/money";
import { CENTRE_TZ, toDatetimeLocal } from "~/lib/time";

/** The form's initial values from a stored lot: fen → yuan strings, instants → Beijing datetime-local. */
export function lotFormDefaults(lot: {
  title: string;
  description: string;
  estimatedPriceFen: bigint | string | number;
  ceilingPriceFen: bigint | string | number;
  bondFen: bigint | string | number;
  qualification: string;
  evaluationMethod: string;
  criteria: { name: string; weight: number }[];
  docsAvailableFrom: Date | string;
  docsAvailableTo: Date | string;
  clarificationCutoff: Date | string;
  objectionCutoff: Date | string;
  bidDeadline: Date | string;
  decryptionWindowMinutes: number;
}) {
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

/** A Beijing wall-clock instant `days` after `base`'s date, at hh:mm, moved off Saturday/Sunday to Monday. */
function at(base: Date, days: number, hh: number, mm: number, workday = false): Date {
  const b = new TZDate(base.getTime(), CENTRE_TZ);
  let d = new TZDate(b.getFullYear(), b.getMonth(), b.getDate() + days, hh, mm, 0, 0, CENTRE_TZ);
  while (workday && (d.getDay() === 0 || d.getDay() === 6)) d = new TZDate(d.getFullYear(), d.getMonth(), d.getDate() + 1, hh, mm, 0, 0, CENTRE_TZ);
  return new Date(d.getTime());
}

/**
 * A starting schedule that meets the statutory minimums with a margin (server clock), so staff edit
 * dates instead of computing them: documents from the next full hour, 7 days of availability (9 for
 * 政府采购's 5 working days), objections 11 days before the deadline (工程) or 8 working days after the
 * documents close (政府采购), the deadline 22 days out on a working day at 09:30. The rules still decide.
 */
export function suggestedSchedule(now: Date, procurementType: "CONSTRUCTION" | "GOVERNMENT_PROCUREMENT") {
  const gp = procurementType === "GOVERNMENT_PROCUREMENT";
  const from = new Date(Math.ceil(now.getTime() / 3_600_000) * 3_600_000);
  const deadline = at(from, gp ? 26 : 22, 9, 30, true);
  const docsTo = at(from, gp ? 9 : 7, 17, 0, true);
  const dayOffset = (d: Date) => Math.round((d.getTime() - from.getTime()) / 86_400_000);
  return {
    docsAvailableFrom: toDatetimeLocal(from),
    docsAvailableTo: toDatetimeLocal(docsTo),
    clarificationCutoff: toDatetimeLocal(at(from, dayOffset(deadline) - 16, 17, 0)),
    objectionCutoff: toDatetimeLocal(gp ? at(docsTo, 12, 17, 0, true) : at(from, dayOffset(deadline) - 11, 17, 0)),
    bidDeadline: toDatetimeLocal(deadline),
    decryptionWindowMinutes: "30",
  };
}

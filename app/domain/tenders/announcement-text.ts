import { formatYuan } from "~/lib/money";
import { formatShanghai } from "~/lib/time";
import type { ProcurementType } from "~/generated/prisma/enums";
import type { LotSchedule, LotTerms } from "./lot-terms";
import { tenderText } from "./texts";

export interface LotForText extends Pick<LotTerms, "title" | "description" | "ceilingPriceFen" | "bondFen" | "qualification" | "evaluationMethod">, LotSchedule {
  lotNo: number;
  project: { code: string; title: string; procurementType: ProcurementType };
}

const when = (d: Date) => formatShanghai(d, "yyyy-MM-dd HH:mm");

/**
 * The official text of an announcement, in Chinese (the language of the legal notice; the UI translates
 * labels around it, not the notice). Titles and bodies are plain text: the UI renders them as text nodes.
 */
export function announcementText(
  kind: "TENDER",
  ctx: { lot: LotForText; buyerName: string; agentName: string },
): { title: string; body: string } {
  const { lot } = ctx;
  const base = { projectTitle: lot.project.title, lotTitle: lot.title };
  const none = tenderText("zh-CN", "announcementText.none");
  return {
    title: tenderText("zh-CN", `announcementText.tender.title${lot.project.procurementType}`, base),
    body: tenderText("zh-CN", `announcementText.${kind.toLowerCase()}.body`, {
      ...base,
      code: lot.project.code,
      lotNo: lot.lotNo,
      buyer: ctx.buyerName,
      agent: ctx.agentName || none,
      description: lot.description,
      ceiling: formatYuan(lot.ceilingPriceFen),
      bond: formatYuan(lot.bondFen),
      qualification: lot.qualification || none,
      docsFrom: when(lot.docsAvailableFrom),
      docsTo: when(lot.docsAvailableTo),
      clarification: when(lot.clarificationCutoff),
      objection: when(lot.objectionCutoff),
      deadline: when(lot.bidDeadline),
      window: lot.decryptionWindowMinutes,
      method: tenderText("zh-CN", `evaluationMethods.${lot.evaluationMethod}`),
    }),
  };
}

export { when as formatInstant };

import { useTranslation } from "react-i18next";
import type { AnnouncementKind, LotStatus } from "~/generated/prisma/enums";

/** Colour by meaning, never colour alone: the badge always carries its text. */
const STATUS_TONE: Record<LotStatus, string> = {
  DRAFT: "",
  UNDER_REVIEW: "",
  PUBLISHED: "badge--green",
  BIDDING_CLOSED: "badge--blue",
  OPENING: "badge--blue",
  EVALUATION: "badge--blue",
  EVALUATED: "badge--blue",
  CANDIDATES_PUBLICITY: "badge--amber",
  AWARDED: "",
  CONTRACTED: "",
  ARCHIVED: "",
  SUSPENDED: "badge--amber",
  CANCELLED: "badge--red",
  FAILED: "badge--red",
};

export function StatusBadge({ status }: { status: LotStatus }) {
  const { t } = useTranslation("tenders");
  return <span className={`badge ${STATUS_TONE[status]}`}>{t(`statuses.${status}`)}</span>;
}

const KIND_TONE: Record<AnnouncementKind, string> = {
  TENDER: "badge--blue",
  CHANGE: "badge--amber",
  CLARIFICATION: "",
  CANDIDATES: "badge--amber",
  RESULT: "badge--green",
  FAILED: "badge--red",
  CONTRACT: "badge--green",
  CANCELLED: "badge--red",
};

export function KindBadge({ kind }: { kind: AnnouncementKind }) {
  const { t } = useTranslation("tenders");
  return <span className={`badge ${KIND_TONE[kind]}`}>{t(`announcementKinds.${kind}`)}</span>;
}

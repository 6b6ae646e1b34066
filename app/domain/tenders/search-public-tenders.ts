import { getDb, type Db } from "~/lib/db.server";
import { listPublicTenders, type PublicTenderFilter } from "./list-public-tenders";

/**
 * Chinese full-text search of the public tenders: every whitespace-separated term must occur as a
 * substring of project title + lot title + project number (「市政道路」 finds 「某市政道路改造工程」).
 * Same filters and paging as the listing; pg_trgm GIN index (docs/decisions/0007-chinese-search.md).
 */
export async function searchPublicTenders(q: string, filter: Omit<PublicTenderFilter, "q"> = {}, db: Db = getDb()) {
  return listPublicTenders({ ...filter, q }, db);
}

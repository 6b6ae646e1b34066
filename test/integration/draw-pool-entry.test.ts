import { describe, expect, it } from "vitest";
import { useTestDb } from "../support/db";
import { makeExperts, seedSpecialties } from "./draw-fixtures";

/**
 * ExpertPoolEntry, the read model the draw's eligibility scan reads, is kept in step with Expert and
 * ExpertSpecialty by triggers (migration expert_pool_entry): whatever the writer (import, profile edit,
 * status change), it must equal the join it replaces.
 */
const { db } = await useTestDb();

const joined = () =>
  db.$queryRaw<{ row: string }[]>`
    SELECT es."specialtyCode" || '|' || e.id || '|' || e.code || '|' || e.status || '|' || e."employerCreditCode" || '|' || COALESCE(e."userId"::text, '-') AS row
      FROM "ExpertSpecialty" es JOIN "Expert" e ON e.id = es."expertId" ORDER BY 1`;
const entries = () =>
  db.$queryRaw<{ row: string }[]>`
    SELECT "specialtyCode" || '|' || "expertId" || '|' || "expertCode" || '|' || status || '|' || "employerCreditCode" || '|' || COALESCE("userId"::text, '-') AS row
      FROM "ExpertPoolEntry" ORDER BY 1`;

describe("ExpertPoolEntry follows Expert and ExpertSpecialty", () => {
  it("on insert, field changes, specialty changes and deletion", async () => {
    await seedSpecialties(db);
    const [a, b] = await makeExperts(db, 2, ["A0201", "A0202"]);
    await makeExperts(db, 3, ["A0203"]);
    expect((await entries()).length).toBe(7);
    expect(await entries()).toEqual(await joined());

    await db.expert.update({ where: { id: a! }, data: { status: "SUSPENDED", employerCreditCode: "91320500MA1XXXXXX1" } });
    await db.expertSpecialty.delete({ where: { expertId_specialtyCode: { expertId: b!, specialtyCode: "A0201" } } });
    await db.expertSpecialty.create({ data: { expertId: b!, specialtyCode: "A0203" } });
    await db.expertSpecialty.updateMany({ where: { expertId: a!, specialtyCode: "A0202" }, data: { specialtyCode: "A0203" } });
    expect(await entries()).toEqual(await joined());
    expect((await db.expertPoolEntry.findMany({ where: { expertId: a! } })).map((r) => [r.specialtyCode, r.status])).toEqual(
      expect.arrayContaining([["A0201", "SUSPENDED"], ["A0203", "SUSPENDED"]]),
    );

    await db.expert.delete({ where: { id: b! } });
    expect(await db.expertPoolEntry.count({ where: { expertId: b! } })).toBe(0);
    expect(await entries()).toEqual(await joined());
  });
});

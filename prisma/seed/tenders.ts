/**
 * Demo tenders, so the public portal and the staff workspace are not empty on a fresh centre: three
 * projects created through the tenders DOMAIN functions (their validation, statutory rules, 一审一核 and
 * audit entries apply exactly as for a real user), with instants computed from the seed's clock so they
 * are legal today: documents from today, deadline 09:30 Shanghai on a working day about four weeks out.
 *
 * Idempotent: does nothing once any Project exists (a centre with real projects gets no demo ones).
 * The announcement PDFs are rendered later by the worker from the outbox jobs the approvals enqueue.
 */
import { createHash } from "node:crypto";
import type { Actor } from "~/domain/actor";
import { drawParagraph, drawTitle } from "~/domain/documents/layout";
import { createPdf, finishPdf } from "~/domain/documents/pdf";
import { addDays, shanghaiDate, type DateStr } from "~/domain/rules/dates";
import { nthWorkingDayAfter, workingDayOnOrAfter } from "~/domain/rules/working-days";
import type { Calendar } from "~/domain/rules/calendar";
import { addTenderDocument } from "~/domain/tenders/add-tender-document";
import { answerQuestion } from "~/domain/tenders/answer-question";
import { approvePublication } from "~/domain/tenders/approve-publication";
import { askQuestion } from "~/domain/tenders/ask-question";
import { createLot } from "~/domain/tenders/create-lot";
import { createProject } from "~/domain/tenders/create-project";
import { entrustAgent } from "~/domain/tenders/entrust-agent";
import type { LotTermsInput } from "~/domain/tenders/lot-terms";
import { publishChange } from "~/domain/tenders/publish-change";
import { registerForLot } from "~/domain/tenders/register-for-lot";
import { submitForReview } from "~/domain/tenders/submit-for-review";
import { loadTenderRules } from "~/domain/tenders/tender-rules";
import type { Db } from "~/lib/db.server";
import { DEMO_ORGS, WORKS_SCORING } from "./demo-data";

const REGION = "320500";

/** China has no daylight saving: a Shanghai wall-clock time is always UTC+08:00. */
const at = (date: DateStr, hhmm: string) => new Date(`${date}T${hhmm}:00+08:00`);
const lastWorkingDayOnOrBefore = (cal: Calendar, date: DateStr) => nthWorkingDayAfter(cal, addDays(date, 1), -1);

type Schedule = Pick<LotTermsInput, "docsAvailableFrom" | "docsAvailableTo" | "clarificationCutoff" | "objectionCutoff" | "bidDeadline">;

/**
 * A legal schedule for a lot published at `now`, with margin over every statutory minimum:
 * documents from today 09:00 (or now, before 09:00) to 17:00 of the 7th working day (≥ 5 days / 5 working
 * days); the deadline 09:30 on the first working day ≥ 28 days out (≥ 20 days) and ≥ 3 working days after
 * the 政府采购 objection cut-off, which is 7 working days after the documents window closes; 工程
 * objections close 11+ days and questions 16+ days before the deadline (≥ 10, and 澄清 15 days ahead).
 */
export function demoSchedule(cal: Calendar, now: Date, profile: "CONSTRUCTION" | "GOVERNMENT_PROCUREMENT"): Schedule {
  const today = shanghaiDate(now);
  const nine = at(today, "09:00");
  const docsFrom = now >= nine ? nine : new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  const docsToDay = nthWorkingDayAfter(cal, today, 7);
  const gpObjectionDay = nthWorkingDayAfter(cal, docsToDay, 7);
  const earliest = [addDays(today, 28), nthWorkingDayAfter(cal, gpObjectionDay, 3)].sort().at(-1)!;
  const deadlineDay = workingDayOnOrAfter(cal, earliest);
  return {
    docsAvailableFrom: docsFrom,
    docsAvailableTo: at(docsToDay, "17:00"),
    clarificationCutoff: at(lastWorkingDayOnOrBefore(cal, addDays(deadlineDay, -16)), "17:00"),
    objectionCutoff:
      profile === "CONSTRUCTION" ? at(lastWorkingDayOnOrBefore(cal, addDays(deadlineDay, -11)), "17:00") : at(gpObjectionDay, "17:00"),
    bidDeadline: at(deadlineDay, "09:30"),
  };
}

/** A small but real tender document (招标文件 cover and summary) as PDF bytes. */
async function tenderDocumentPdf(projectTitle: string, lotTitle: string, lines: string[]): Promise<Buffer> {
  const text = [projectTitle, lotTitle, ...lines].join("\n");
  const digest = createHash("sha256").update(text).digest("hex");
  const doc = createPdf({ title: "招标文件", number: `DEMO-${digest.slice(0, 8).toUpperCase()}`, contentDigest: digest });
  drawTitle(doc, "招标文件", "Tender documents", projectTitle);
  drawParagraph(doc, `标段：${lotTitle}`);
  for (const l of lines) drawParagraph(doc, l, { indent: true });
  drawParagraph(doc, "（演示数据：本文件由系统演示种子生成，仅供演示使用。）", { size: 9 });
  return finishPdf(doc);
}

export async function actorOf(db: Db, username: string): Promise<Actor> {
  const u = await db.user.findUnique({ where: { username }, select: { id: true, role: true, orgId: true } });
  if (!u) throw new Error(`demo tenders need the demo account ${username} (seed accounts first)`);
  return { userId: u.id, role: u.role, orgId: u.orgId, ip: "127.0.0.1", userAgent: "seed" };
}

export async function orgId(db: Db, key: string): Promise<string> {
  const creditCode = DEMO_ORGS.find((o) => o.key === key)!.creditCode;
  return (await db.organisation.findUniqueOrThrow({ where: { creditCode }, select: { id: true } })).id;
}

/** The codes the demo tenders take (a centre with any other project gets no demo data). */
export const DEMO_PROJECT_CODE = /^(JSGC|ZFCG)-\d{4}-000[1-3]$/;

/**
 * A one-lot project published at `now` through the tenders domain (drafted by staff1 with its tender
 * document, 一审一核 by staff2): what the demo archived tender starts from.
 */
export async function demoLot(
  db: Db,
  p: { code: string; title: string; buyerOrgId: string; agentOrgId: string; now: Date; terms: LotTermsInput },
) {
  const [staff1, staff2] = await Promise.all(["staff1", "staff2"].map((u) => actorOf(db, u)));
  const project = await createProject(staff1, { code: p.code, title: p.title, procurementType: "CONSTRUCTION", buyerOrgId: p.buyerOrgId, agentOrgId: p.agentOrgId, region: REGION });
  const l = await createLot(staff1, { ...p.terms, projectId: project.id }, p.now);
  const pdf = await tenderDocumentPdf(p.title, p.terms.title, [p.terms.description ?? "", `资格要求：${p.terms.qualification ?? ""}`]);
  await addTenderDocument(staff1, { lotId: l.id, fileName: `${p.terms.title}招标文件.pdf`, data: pdf });
  await submitForReview(staff1, { lotId: l.id }, p.now);
  await approvePublication(staff2, { lotId: l.id }, new Date(p.now.getTime() + 1_800_000));
  return l;
}

export async function seedTenders(db: Db): Promise<{ projects: number; lots: number; published: number; registrations: number; announcements: number }> {
  const none = { projects: 0, lots: 0, published: 0, registrations: 0, announcements: 0 };
  // 委托代理 (issue 13 item 9): buyer1's organisation entrusts the demo agency (until revoked), so agent1 may
  // create its projects and the seeded projects may name it. Idempotent, also on an already seeded database.
  const entrusted = { buyerOrgId: await orgId(db, "buyer"), agentOrgId: await orgId(db, "agent") };
  if (!(await db.agentEntrustment.findFirst({ where: { ...entrusted, revokedAt: null } }))) {
    await entrustAgent(await actorOf(db, "buyer1"), { agentOrgId: entrusted.agentOrgId, note: "示范委托代理合同 WT-2026-001" });
  }
  if ((await db.project.count()) > 0) return none;

  const now = new Date();
  const { calendar } = await loadTenderRules(db);
  const works = demoSchedule(calendar, now, "CONSTRUCTION");
  const goods = demoSchedule(calendar, now, "GOVERNMENT_PROCUREMENT");
  const [staff1, staff2, bidder1, bidder2, bidder3] = await Promise.all(
    ["staff1", "staff2", "bidder1", "bidder2", "bidder3"].map((u) => actorOf(db, u)),
  );
  const buyerOrgId = await orgId(db, "buyer");
  const agentOrgId = await orgId(db, "agent");
  const year = shanghaiDate(now).slice(0, 4);
  const count = { ...none };

  /** A draft lot with its tender document; submitted and approved (staff2) when asked to. */
  async function lot(projectId: string, projectTitle: string, terms: LotTermsInput, to: "DRAFT" | "UNDER_REVIEW" | "PUBLISHED") {
    const l = await createLot(staff1, { ...terms, projectId }, now);
    count.lots++;
    const pdf = await tenderDocumentPdf(projectTitle, terms.title, [terms.description ?? "", `资格要求：${terms.qualification ?? ""}`]);
    await addTenderDocument(staff1, { lotId: l.id, fileName: `${terms.title}招标文件.pdf`, data: pdf });
    if (to === "DRAFT") return l;
    await submitForReview(staff1, { lotId: l.id }, now);
    if (to === "UNDER_REVIEW") return l;
    await approvePublication(staff2, { lotId: l.id }, now);
    count.published++;
    count.announcements++;
    return l;
  }

  // 1. 工程: road reconstruction (two lots, both published), with registrations, a 澄清 and a 变更公告.
  const road = await createProject(staff1, {
    code: `JSGC-${year}-0001`,
    title: "示范市政道路改造工程",
    procurementType: "CONSTRUCTION",
    buyerOrgId,
    agentOrgId,
    region: REGION,
  });
  count.projects++;
  const roadWorks = await lot(road.id, road.title, {
    title: "某市政道路改造工程施工",
    description: "人民路（解放路至滨江大道段）道路改造，全长约 3.2 公里：道路拓宽及路面重铺、雨污分流管网、交通设施、照明及绿化恢复。计划工期 540 日历天。",
    estimatedPriceFen: 86_000_000_00n,
    ceilingPriceFen: 85_000_000_00n,
    bondFen: 1_600_000_00n,
    qualification: "市政公用工程施工总承包一级及以上资质，具有有效的安全生产许可证；拟派项目经理具有市政公用工程一级注册建造师资格及有效的安全生产考核合格证书（B 证），且未担任其他在建工程项目的项目经理。",
    ...WORKS_SCORING,
    ...works,
  }, "PUBLISHED");
  await lot(road.id, road.title, {
    title: "市政道路监理服务",
    description: "某市政道路改造工程施工阶段及缺陷责任期的全过程监理服务。",
    estimatedPriceFen: 1_350_000_00n,
    ceilingPriceFen: 1_320_000_00n,
    bondFen: 20_000_00n,
    qualification: "工程监理综合资质或市政公用工程监理甲级资质；总监理工程师具有注册监理工程师（市政公用工程）执业资格。",
    evaluationMethod: "LOWEST_PRICE",
    ...works,
  }, "PUBLISHED");

  for (const b of [bidder1, bidder2, bidder3]) {
    await registerForLot(b, { lotId: roadWorks.id }, now);
    count.registrations++;
  }
  const q = await askQuestion(bidder2, {
    lotId: roadWorks.id,
    text: "招标文件工程量清单中“雨水管道 DN1200”的管材要求为钢筋混凝土管还是 HDPE 缠绕结构壁管？请予以明确。",
  }, now);
  await answerQuestion(staff1, {
    questionId: q.id,
    answer: "雨水管道 DN1200 采用Ⅱ级钢筋混凝土管（承插口、橡胶圈接口），以施工图设计说明为准；工程量清单项目特征描述同步更正，投标报价按此执行。",
  }, now);
  count.announcements++;
  const { version } = await db.lot.findUniqueOrThrow({ where: { id: roadWorks.id }, select: { version: true } });
  await publishChange(staff1, {
    lotId: roadWorks.id,
    expectedVersion: version,
    body: "经财政评审复核，本标段最高投标限价更正如下，其他内容不变。",
    changes: { ceilingPriceFen: 84_500_000_00n },
  }, now);
  count.announcements++;

  // 2. 政府采购: school equipment (one lot, published).
  const school = await createProject(staff1, {
    code: `ZFCG-${year}-0001`,
    title: "示范市第一中学教学设备采购",
    procurementType: "GOVERNMENT_PROCUREMENT",
    buyerOrgId,
    region: REGION,
  });
  count.projects++;
  await lot(school.id, school.title, {
    title: "教学一体机及配套设备",
    description: "86 英寸教学一体机 60 台、录播教室设备 2 套及配套安装、培训和三年质保服务。",
    estimatedPriceFen: 4_800_000_00n,
    ceilingPriceFen: 4_800_000_00n,
    bondFen: 48_000_00n,
    qualification: "符合《中华人民共和国政府采购法》第二十二条规定的条件；未被列入失信被执行人、重大税收违法失信主体、政府采购严重违法失信行为记录名单。",
    evaluationMethod: "COMPREHENSIVE",
    criteria: [
      { name: "价格", weight: 30 },
      { name: "技术", weight: 50 },
      { name: "商务", weight: 20 },
    ],
    ...goods,
  }, "PUBLISHED");

  // 3. 工程: park landscaping, still with staff: one draft, one waiting for staff2's review.
  const park = await createProject(staff1, {
    code: `JSGC-${year}-0002`,
    title: "示范市滨江公园景观提升工程",
    procurementType: "CONSTRUCTION",
    buyerOrgId,
    agentOrgId,
    region: REGION,
  });
  count.projects++;
  await lot(park.id, park.title, {
    title: "园林景观绿化工程施工",
    description: "滨江公园约 12 公顷景观提升：绿化种植、园路铺装、驳岸改造及配套给排水。",
    estimatedPriceFen: 23_600_000_00n,
    ceilingPriceFen: 23_200_000_00n,
    bondFen: 400_000_00n,
    qualification: "园林绿化或市政公用工程施工总承包三级及以上资质。",
    ...WORKS_SCORING,
    ...works,
  }, "DRAFT");
  await lot(park.id, park.title, {
    title: "景观照明及智慧导览系统",
    description: "公园景观照明改造及智慧导览（电子导览屏、客流监测）系统的供货、安装和调试。",
    estimatedPriceFen: 6_800_000_00n,
    ceilingPriceFen: 6_650_000_00n,
    bondFen: 120_000_00n,
    qualification: "城市及道路照明工程专业承包三级及以上资质。",
    evaluationMethod: "LOWEST_PRICE",
    ...works,
  }, "UNDER_REVIEW");

  return count;
}

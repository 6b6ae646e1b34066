/**
 * Demo expert pool: the specialty tree (after the structure of the national 评标专家专业分类标准 — 工程 /
 * 货物 / 服务 with two levels below), 300 fictitious experts with plausible names, employers and titles,
 * and the demo account expert1 linked to one of them. Idempotent: skips what exists. Deterministic (a
 * fixed PRNG), so every demo machine gets the same pool.
 */
import { systemActor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import { newExpertCode } from "~/domain/experts/expert-code";
import { idNumberCheckChar, maskIdNumber } from "~/domain/experts/id-number";
import { sealSecret, secretHmac } from "~/domain/experts/secret-box";
import type { Db } from "~/lib/db.server";
import { makeCreditCode } from "./credit-code";

type Node = [code: string, name: string, nameEn: string, children?: Node[]];
const TREE: Node[] = [
  ["A", "工程", "Works", [
    ["A01", "房屋建筑", "Building works", [["A0101", "建筑设计", "Architecture"], ["A0102", "结构", "Structures"], ["A0103", "建筑电气", "Building electrical"], ["A0104", "暖通空调", "HVAC"], ["A0105", "装饰装修", "Fit-out"]]],
    ["A02", "市政公用", "Municipal works", [["A0201", "道路", "Roads"], ["A0202", "桥梁", "Bridges"], ["A0203", "给排水", "Water and drainage"], ["A0204", "燃气热力", "Gas and heating"], ["A0205", "园林绿化", "Landscaping"]]],
    ["A03", "交通运输", "Transport works", [["A0301", "公路", "Highways"], ["A0302", "港口航道", "Ports and waterways"], ["A0303", "轨道交通", "Rail transit"]]],
    ["A04", "水利水电", "Water resources", [["A0401", "水工建筑", "Hydraulic structures"], ["A0402", "河道整治", "River regulation"], ["A0403", "农田水利", "Irrigation"]]],
    ["A05", "工程造价", "Cost engineering", [["A0501", "土建造价", "Civil cost"], ["A0502", "安装造价", "Installation cost"]]],
    ["A06", "机电安装", "M&E installation", [["A0601", "电力", "Power"], ["A0602", "智能化", "Building intelligence"]]],
  ]],
  ["B", "货物", "Goods", [
    ["B01", "信息技术设备", "IT equipment", [["B0101", "计算机及网络设备", "Computers and networks"], ["B0102", "软件", "Software"], ["B0103", "信息安全", "Information security"]]],
    ["B02", "医疗设备", "Medical equipment", [["B0201", "医学影像", "Imaging"], ["B0202", "检验设备", "Laboratory"], ["B0203", "医用耗材", "Consumables"]]],
    ["B03", "办公设备及家具", "Office equipment and furniture", [["B0301", "办公设备", "Office equipment"], ["B0302", "家具", "Furniture"]]],
    ["B04", "车辆", "Vehicles", [["B0401", "乘用车", "Passenger cars"], ["B0402", "专用车辆", "Special vehicles"]]],
    ["B05", "教学仪器", "Teaching equipment", [["B0501", "实验室设备", "Lab equipment"], ["B0502", "体育器材", "Sports equipment"]]],
  ]],
  ["C", "服务", "Services", [
    ["C01", "工程咨询", "Engineering consulting", [["C0101", "勘察", "Survey"], ["C0102", "设计", "Design"], ["C0103", "监理", "Supervision"]]],
    ["C02", "物业管理", "Property management", [["C0201", "物业服务", "Property services"], ["C0202", "保洁保安", "Cleaning and security"]]],
    ["C03", "信息技术服务", "IT services", [["C0301", "系统集成", "Systems integration"], ["C0302", "运维服务", "Operations"]]],
    ["C04", "财务法律", "Finance and legal", [["C0401", "审计", "Audit"], ["C0402", "法律服务", "Legal"]]],
    ["C05", "环境服务", "Environmental services", [["C0501", "环卫", "Sanitation"], ["C0502", "环境监测", "Monitoring"]]],
  ]],
];

function flatten(nodes: Node[], parent: string | null, level: number, out: { code: string; parentCode: string | null; name: string; nameEn: string; level: number; sortKey: number }[] = []) {
  nodes.forEach(([code, name, nameEn, children], i) => {
    out.push({ code, parentCode: parent, name, nameEn, level, sortKey: i });
    if (children) flatten(children, code, level + 1, out);
  });
  return out;
}
export const SPECIALTY_ROWS = flatten(TREE, null, 1);
const LEAVES = SPECIALTY_ROWS.filter((r) => r.level === 3).map((r) => r.code);

const SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
const GIVEN = ["建国", "志强", "海涛", "秀英", "丽华", "晓东", "文博", "敏", "静", "伟", "磊", "洋", "勇", "军", "杰", "娟", "涛", "明", "超", "霞", "平", "刚", "桂英", "宏伟", "嘉怡", "子涵", "思远", "振华", "立新", "国庆", "玉兰", "春梅", "德明", "志伟", "晓燕", "红梅", "永刚", "卫东", "雪梅", "建华"];
const EMPLOYERS = [
  ["示范市建筑设计研究院", "12", "46605005"], ["示范市市政工程设计院", "12", "46611011"], ["示范大学土木工程学院", "12", "46612012"],
  ["示范市交通规划设计院有限公司", "91", "70113013"], ["示范市水利勘测设计研究院", "12", "46614014"], ["示范市第一人民医院", "12", "46615015"],
  ["示范市信息中心", "12", "46616016"], ["示范工程造价咨询有限公司", "91", "70117017"], ["示范市环境监测中心站", "12", "46618018"],
  ["示范会计师事务所（特殊普通合伙）", "91", "70119019"], ["示范律师事务所", "31", "46620020"], ["示范职业技术学院", "12", "46621021"],
] as const;
const TITLES = ["高级工程师", "正高级工程师", "教授", "副教授", "高级经济师", "高级会计师", "主任医师", "副主任医师", "高级实验师", "工程师"];

/** Small deterministic PRNG (mulberry32): the same demo pool on every machine. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function seedExperts(db: Db): Promise<{ specialties: number; experts: number }> {
  const s = await db.specialty.createMany({ data: SPECIALTY_ROWS, skipDuplicates: true });
  if ((await db.expert.count()) > 0) return { specialties: s.count, experts: 0 };
  const rnd = prng(20261123);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const expert1 = await db.user.findUnique({ where: { username: "expert1" }, select: { id: true } });
  const rows = Array.from({ length: 300 }, (_, i) => {
    const first17 = `320505${1955 + Math.floor(rnd() * 40)}${String(1 + Math.floor(rnd() * 12)).padStart(2, "0")}${String(1 + Math.floor(rnd() * 28)).padStart(2, "0")}${String(i).padStart(3, "0")}`;
    const id = first17 + idNumberCheckChar(first17);
    const [employer, kind2, body] = i === 0 ? EMPLOYERS[0] : pick(EMPLOYERS);
    const main = LEAVES[i % LEAVES.length]!;
    const second = rnd() < 0.4 ? LEAVES.filter((c) => c.slice(0, 3) === main.slice(0, 3) && c !== main) : [];
    return {
      code: newExpertCode(),
      name: i === 0 ? "周海" : `${pick([...SURNAMES])}${pick(GIVEN)}`,
      idNumberEnc: sealSecret("expert-id-number", id),
      idNumberMasked: maskIdNumber(id),
      idNumberHmac: secretHmac("expert-id-number", id),
      phone: `139${String(10_000_000 + i * 7919).slice(0, 8)}`,
      email: `expert${i + 1}@experts.example.cn`,
      employerOrgName: employer,
      employerCreditCode: makeCreditCode(kind2, "320500", body),
      region: "320500",
      title: pick(TITLES),
      status: i % 97 === 50 ? ("SUSPENDED" as const) : ("ACTIVE" as const),
      userId: i === 0 ? (expert1?.id ?? null) : null,
      specialties: [main, ...(second.length ? [pick(second)] : [])],
    };
  });
  await db.$transaction(async (tx) => {
    for (const { specialties, ...data } of rows) {
      await tx.expert.create({ data: { ...data, specialties: { create: specialties.map((specialtyCode) => ({ specialtyCode })) } } });
    }
    await appendAudit(tx, systemActor("seed"), { action: "expert.imported", entityType: "ExpertImport", entityId: "seed", detail: { created: rows.length, seed: true } });
  }, { timeout: 60_000 });
  return { specialties: s.count, experts: rows.length };
}

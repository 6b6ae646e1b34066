/**
 * The demo centre: who exists after `npm start` on a fresh machine. Pure data, imported by the seed, by the
 * login table that `npm start` prints (prisma/seed/demo-logins.ts) and by the browser tests.
 * Everything here is fictitious (示范市 = "demo city"); credit codes are computed to be valid.
 */
import type { OrgKind, Role } from "~/generated/prisma/enums";
import { makeCreditCode } from "./credit-code";

/** 示范市 is fictitious; its division code borrows a real prefixed format so validators accept it. */
const REGION = "320500";

export interface DemoOrg {
  /** Seed-internal handle, referenced by DemoUser.orgKey (and by later areas' demo data). */
  key: string;
  kind: OrgKind;
  name: string;
  creditCode: string;
  region: string;
  address: string;
  contactName: string;
  contactPhone: string;
}

const org = (key: string, kind: OrgKind, kind2: string, body: string, name: string, address: string, contactName: string, contactPhone: string): DemoOrg => ({
  key,
  kind,
  name,
  creditCode: makeCreditCode(kind2, REGION, body),
  region: REGION,
  address,
  contactName,
  contactPhone,
});

export const DEMO_ORGS: DemoOrg[] = [
  org("centre", "CENTRE", "12", "46601001", "示范市公共资源交易中心", "示范市政务服务中心大道 1 号", "王敏", "0512-66880001"),
  org("buyer", "BUYER", "11", "46602002", "示范市交通运输局", "示范市人民路 88 号", "李建国", "0512-66880102"),
  org("agent", "AGENT", "91", "70103003", "示范建设工程招标代理有限公司", "示范市工业园区星湖街 218 号", "陈静", "0512-66880203"),
  org("supervision", "SUPERVISION", "11", "46604004", "示范市公共资源交易监督管理办公室", "示范市政务服务中心大道 1 号 5 楼", "赵立新", "0512-66880304"),
  org("expert-employer", "OTHER", "12", "46605005", "示范市建筑设计研究院", "示范市学士街 36 号", "周海", "0512-66880405"),
  org("bidder1", "BIDDER", "91", "70111011", "示范建工集团有限公司", "示范市高新区长江路 600 号", "刘洋", "0512-68000011"),
  org("bidder2", "BIDDER", "91", "70112012", "华东路桥建设有限公司", "示范市吴中区东吴北路 75 号", "孙伟", "0512-68000012"),
  org("bidder3", "BIDDER", "91", "70113013", "江南市政工程有限公司", "示范市相城区阳澄湖大道 9 号", "吴芳", "0512-68000013"),
  org("bidder4", "BIDDER", "91", "70114014", "中诚建设集团股份有限公司", "示范市姑苏区干将西路 1299 号", "郑凯", "0512-68000014"),
  org("bidder5", "BIDDER", "91", "70115015", "恒信水利水电工程有限公司", "示范市吴江区中山南路 520 号", "冯丽", "0512-68000015"),
];

/**
 * One demo password per role, each passing the password policy (checked by the seed before hashing).
 * They are public knowledge: a real centre changes them at first login or runs without the seed.
 */
export const DEMO_PASSWORDS: Record<Role, string> = {
  BIDDER: "Demo-Bid#2026",
  STAFF: "Demo-Staff#2026",
  EXPERT: "Demo-Expert#2026",
  SUPERVISOR: "Demo-Watch#2026",
  SOCIAL_SUPERVISOR: "Demo-Observe#2026",
  SYSTEM_ADMIN: "Demo-SysOps#2026",
  SECURITY_ADMIN: "Demo-SecOps#2026",
  AUDIT_ADMIN: "Demo-Audit#2026",
  EXPERT_ADMIN: "Demo-Pool#2026",
};

/**
 * Fixed demo TOTP secret (base32) of every account whose role requires a second factor (MFA_REQUIRED_ROLES:
 * staff, supervisors, the three admins), so a demo can log in at once: `npx tsx scripts/totp.ts`.
 */
export const DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXP";

export interface DemoUser {
  username: string;
  displayName: string;
  role: Role;
  orgKey: string;
  phone: string;
}

export const DEMO_USERS: DemoUser[] = [
  { username: "staff1", displayName: "张晓明", role: "STAFF", orgKey: "centre", phone: "13800000001" },
  { username: "staff2", displayName: "林雪", role: "STAFF", orgKey: "centre", phone: "13800000002" },
  { username: "buyer1", displayName: "黄志强", role: "STAFF", orgKey: "buyer", phone: "13800000003" },
  { username: "agent1", displayName: "陈静", role: "STAFF", orgKey: "agent", phone: "13800000004" },
  { username: "supervisor1", displayName: "赵立新", role: "SUPERVISOR", orgKey: "supervision", phone: "13800000005" },
  { username: "observer1", displayName: "钱文华", role: "SOCIAL_SUPERVISOR", orgKey: "supervision", phone: "13800000006" },
  { username: "sysadmin", displayName: "系统管理员", role: "SYSTEM_ADMIN", orgKey: "centre", phone: "13800000007" },
  { username: "secadmin", displayName: "安全管理员", role: "SECURITY_ADMIN", orgKey: "centre", phone: "13800000008" },
  { username: "auditadmin", displayName: "审计管理员", role: "AUDIT_ADMIN", orgKey: "centre", phone: "13800000009" },
  { username: "expertadmin", displayName: "专家库管理员", role: "EXPERT_ADMIN", orgKey: "centre", phone: "13800000016" },
  { username: "expert1", displayName: "周海", role: "EXPERT", orgKey: "expert-employer", phone: "13800000010" },
  { username: "bidder1", displayName: "刘洋", role: "BIDDER", orgKey: "bidder1", phone: "13900000011" },
  { username: "bidder2", displayName: "孙伟", role: "BIDDER", orgKey: "bidder2", phone: "13900000012" },
  { username: "bidder3", displayName: "吴芳", role: "BIDDER", orgKey: "bidder3", phone: "13900000013" },
  { username: "bidder4", displayName: "郑凯", role: "BIDDER", orgKey: "bidder4", phone: "13900000014" },
  { username: "bidder5", displayName: "冯丽", role: "BIDDER", orgKey: "bidder5", phone: "13900000015" },
];

export const demoEmail = (username: string) => `${username}@demo.ggzy.example.cn`;

/** How the demo 工程 lots are scored (综合评估法): price 60, technical proposal 30, credit record 10. */
export const WORKS_SCORING = {
  evaluationMethod: "COMPREHENSIVE" as const,
  criteria: [
    { name: "投标报价", weight: 60 },
    { name: "技术标", weight: 30 },
    { name: "信用评价", weight: 10 },
  ],
};

import type { Role } from "~/generated/prisma/enums";

export interface NavItem {
  to: string;
  /** key in the common namespace */
  labelKey: string;
  /** match only this exact path (the home link would otherwise be "current" everywhere) */
  end?: boolean;
}

/** Everyone sees these, signed in or not. */
export const PUBLIC_NAV: NavItem[] = [
  { to: "/", labelKey: "nav.home", end: true },
  { to: "/tenders", labelKey: "nav.tenders" },
  { to: "/announcements", labelKey: "nav.announcements" },
  { to: "/audit/checkpoints", labelKey: "nav.auditCheckpoints" },
  { to: "/ratings", labelKey: "nav.ratings" },
];

/**
 * The workspace links of each role. Admin roles get no trade links (三员分立); the routes themselves
 * still check permissions — hiding a link is convenience, never security.
 */
export const ROLE_NAV: Record<Role, NavItem[]> = {
  BIDDER: [
    { to: "/bidder", labelKey: "nav.bidder" },
    { to: "/bidder/complaints", labelKey: "nav.bidderComplaints" },
  ],
  STAFF: [
    { to: "/staff", labelKey: "nav.staff" },
    { to: "/staff/draws", labelKey: "nav.staffDraws" },
    { to: "/supervision/bulletins", labelKey: "nav.supervisionBulletins" },
    { to: "/supervision/social-supervisors", labelKey: "nav.socialSupervisors" },
  ],
  EXPERT: [
    { to: "/expert", labelKey: "nav.expert" },
    { to: "/expert/profile", labelKey: "nav.expertProfile" },
  ],
  SUPERVISOR: [
    { to: "/supervision", labelKey: "nav.supervisionHome", end: true },
    { to: "/supervision/log", labelKey: "nav.supervisionLog" },
    { to: "/supervision/alerts", labelKey: "nav.supervisionAlerts" },
    { to: "/supervision/complaints", labelKey: "nav.supervisionComplaints" },
    { to: "/supervision/draws", labelKey: "nav.supervisionDraws" },
    { to: "/supervision/stats", labelKey: "nav.supervisionStats" },
    { to: "/supervision/bulletins", labelKey: "nav.supervisionBulletins" },
    { to: "/supervision/social-supervisors", labelKey: "nav.socialSupervisors" },
  ],
  SOCIAL_SUPERVISOR: [
    { to: "/observer", labelKey: "nav.observer" },
    { to: "/supervision/log", labelKey: "nav.supervisionLog" },
  ],
  SYSTEM_ADMIN: [
    { to: "/admin/users", labelKey: "nav.adminUsers" },
    { to: "/admin/calendar", labelKey: "rules:calendar.title" },
    { to: "/admin/mail", labelKey: "nav.adminMail" },
  ],
  SECURITY_ADMIN: [{ to: "/admin/security", labelKey: "nav.adminSecurity" }],
  // The audit admin reads the admins' own trail in the live log (the route scopes it to admin actions).
  AUDIT_ADMIN: [{ to: "/supervision/log", labelKey: "nav.adminAudit" }],
  EXPERT_ADMIN: [{ to: "/staff/experts", labelKey: "nav.staffExperts" }],
};

export function navFor(role: Role | null | undefined): NavItem[] {
  return role ? [...PUBLIC_NAV, ...(ROLE_NAV[role] ?? [])] : PUBLIC_NAV;
}

/** Where "continue" sends a signed-in user: the first workspace link of the role. */
export function homeFor(role: Role | null | undefined): string | null {
  return role ? (ROLE_NAV[role]?.[0]?.to ?? null) : null;
}

/**
 * The one nav item that is "current" for a path: among the items whose link is the path or a parent of it
 * (only the exact path for `end` items), the longest — so /bidder/complaints/… marks 投诉, not also 我的投标.
 */
export function activeNavItem(items: readonly NavItem[], pathname: string): string | null {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname;
  let best: string | null = null;
  for (const { to, end } of items) {
    const hit = path === to || (!end && path.startsWith(to === "/" ? "/" : `${to}/`));
    if (hit && (best === null || to.length > best.length)) best = to;
  }
  return best;
}

/** Where a role lands after signing in when it was not sent anywhere in particular: its own workspace. */
export function workspaceOf(role: Role): string {
  return ROLE_NAV[role]?.[0]?.to ?? "/";
}

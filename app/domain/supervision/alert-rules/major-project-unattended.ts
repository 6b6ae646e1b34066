import type { AlertRule } from "./types";

/**
 * 重大项目现场监督: a major project's expert draw was made, or its opening started, with no supervisor
 * attendance recorded (red); its hall is open for sign-in and no supervisor has signed in yet (yellow).
 */
export const majorProjectUnattended: AlertRule = {
  id: "major-project-unattended",
  evaluate({ majorProjects = [] }) {
    return majorProjects
      .filter((m) => m.attended === 0)
      .map((m) => {
        const red = m.stage === "DONE";
        const what = m.kind === "DRAW" ? "draw" : "opening";
        return {
          kind: m.kind === "DRAW" ? "MAJOR_DRAW_UNATTENDED" : red ? "MAJOR_OPENING_UNATTENDED" : "MAJOR_OPENING_NO_SUPERVISOR_YET",
          severity: red ? ("RED" as const) : ("YELLOW" as const),
          lotId: m.lotId,
          messageCode: `supervision:alerts.${m.kind === "DRAW" ? "MAJOR_DRAW_UNATTENDED" : red ? "MAJOR_OPENING_UNATTENDED" : "MAJOR_OPENING_NO_SUPERVISOR_YET"}`,
          params: { refId: m.refId, at: m.at.toISOString() },
          dedupeKey: `major-unattended-${what}-${red ? "red" : "yellow"}-${m.refId}`,
        };
      });
  },
};

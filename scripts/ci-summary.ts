/**
 * Sums every part of `npm test` into the one plain line CI counts — `N passed, N failed[, N skipped]`
 * alone on the last line — and exits non-zero on any failure.
 *
 *   tsx scripts/ci-summary.ts --check typecheck=<exit code> --check lint=<exit code> \
 *                             --report <name>,<vitest json file>,<vitest exit code> …
 *
 * A check counts as one test. A vitest run counts its tests (numPassedTests / numFailedTests); a test file
 * that crashed before running any test (import error, failing hook) adds 1 failed; a run that exited
 * non-zero without a report, or with a report that shows no failure (e.g. an unhandled error), adds 1 failed.
 */
import { existsSync, readFileSync } from "node:fs";

interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests?: number;
  numTodoTests?: number;
  testResults?: { name: string; status: string; message?: string; assertionResults?: { status: string }[] }[];
}

interface Part {
  name: string;
  passed: number;
  failed: number;
  skipped: number;
  notes: string[];
}

export function summariseCheck(name: string, code: number): Part {
  return { name, passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, skipped: 0, notes: [] };
}

export function summariseVitest(name: string, report: VitestJson | null, code: number): Part {
  const part: Part = { name, passed: 0, failed: 0, skipped: 0, notes: [] };
  if (!report) {
    part.failed = 1;
    part.notes.push(`no report (vitest exited with code ${code})`);
    return part;
  }
  part.passed = report.numPassedTests;
  part.failed = report.numFailedTests;
  part.skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  for (const file of report.testResults ?? []) {
    const failedTests = (file.assertionResults ?? []).filter((a) => a.status === "failed").length;
    if (file.status === "failed" && failedTests === 0) {
      part.failed += 1;
      part.notes.push(`crashed: ${file.name.replace(process.cwd() + "/", "")}: ${(file.message ?? "").split("\n")[0]}`);
    }
  }
  if (code !== 0 && part.failed === 0) {
    part.failed = 1;
    part.notes.push(`vitest exited with code ${code} (unhandled error or failing global setup)`);
  }
  return part;
}

export function summaryLine(parts: Part[]): string {
  const sum = (k: "passed" | "failed" | "skipped") => parts.reduce((n, p) => n + p[k], 0);
  const skipped = sum("skipped");
  return `${sum("passed")} passed, ${sum("failed")} failed${skipped ? `, ${skipped} skipped` : ""}`;
}

function readReport(file: string): VitestJson | null {
  if (!existsSync(file)) return null;
  try {
    const r = JSON.parse(readFileSync(file, "utf8")) as VitestJson;
    return typeof r.numPassedTests === "number" ? r : null;
  } catch {
    return null;
  }
}

function main(argv: string[]) {
  const parts: Part[] = [];
  for (let i = 0; i < argv.length; i++) {
    const [flag, value = ""] = [argv[i], argv[++i]];
    if (flag === "--check") {
      const [name, code] = value.split("=");
      parts.push(summariseCheck(name!, Number(code)));
    } else if (flag === "--report") {
      const [name, file, code] = value.split(",");
      parts.push(summariseVitest(name!, readReport(file!), Number(code)));
    } else {
      console.error(`ci-summary: unknown argument ${flag}`);
      parts.push({ name: "ci-summary", passed: 0, failed: 1, skipped: 0, notes: [`bad argument ${flag}`] });
    }
  }
  console.log("\n[test] summary");
  for (const p of parts) {
    console.log(`  ${p.name.padEnd(18)} ${p.passed} passed, ${p.failed} failed${p.skipped ? `, ${p.skipped} skipped` : ""}`);
    for (const n of p.notes) console.log(`    - ${n}`);
  }
  const line = summaryLine(parts);
  console.log(line);
  return parts.length > 0 && parts.every((p) => p.failed === 0) ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));

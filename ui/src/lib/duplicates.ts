// How a merge's outcome is put into words. No calls, no state.
import type { MergeReport } from "../api";
import { plural } from "./format";

/** What a merge moved onto `keptName`'s record, as the library counted it. */
export function mergedSummary(keptName: string, report: MergeReport): string {
  const sessions = report.sessionsMoved + report.sessionsCombined;
  const moved = [
    plural(sessions, "session", "sessions"),
    plural(report.attemptsMoved, "quiz attempt", "quiz attempts"),
    plural(report.certificatesMoved, "certificate", "certificates"),
  ].join(", ");
  const combined =
    report.sessionsCombined > 0
      ? ` (${plural(report.sessionsCombined, "register had", "registers had")} both records and now ${report.sessionsCombined === 1 ? "has" : "have"} one line)`
      : "";
  return `Merged into ${keptName}: ${moved}${combined}.`;
}

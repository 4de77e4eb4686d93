// A merge's outcome in words: every count the library reported.
import { describe, expect, it } from "vitest";
import { mergedSummary } from "./duplicates";

const report = {
  kept: "k",
  merged: "m",
  sessionsMoved: 1,
  sessionsCombined: 1,
  attemptsMoved: 1,
  certificatesMoved: 0,
  progressMoved: 2,
};

describe("a merge's summary", () => {
  it("counts sessions moved and combined, attempts and certificates", () => {
    expect(mergedSummary("Zoë Nowak", report)).toBe(
      "Merged into Zoë Nowak: 2 sessions, 1 quiz attempt, 0 certificates (1 register had both records and now has one line).",
    );
  });

  it("leaves out combined registers when there were none", () => {
    expect(mergedSummary("Sam", { ...report, sessionsMoved: 0, sessionsCombined: 0 })).toBe(
      "Merged into Sam: 0 sessions, 1 quiz attempt, 0 certificates.",
    );
  });
});

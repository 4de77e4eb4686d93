// How records are written for people: UK dates and 24-hour times in local
// time, first names in any script, paths and blank fields.
import { describe, expect, it } from "vitest";
import {
  civilDate,
  firstName,
  joinPath,
  localDateTime,
  localTime,
  optional,
  overAYearAgo,
  sentence,
  signInTime,
  today,
} from "./format";

describe("format", () => {
  it("writes a civil date the UK way without shifting its day", () => {
    expect(civilDate("2026-11-23")).toBe("23 Nov 2026");
    expect(civilDate("2027-01-01")).toBe("1 Jan 2027");
  });

  it("writes stored instants in local time on a 24-hour clock", () => {
    const at = new Date(2026, 10, 23, 14, 5);
    expect(localTime(at.toISOString())).toBe("14:05");
    expect(localDateTime(at.toISOString())).toBe("23 Nov 2026, 14:05");
    expect(localTime(null)).toBe("");
  });

  it("reads instants with more fractional digits than JavaScript keeps", () => {
    const at = new Date(2026, 10, 23, 9, 41);
    const stored = at.toISOString().replace(".000Z", ".000123456Z");
    expect(localTime(stored)).toBe("09:41");
  });

  it("gives today as YYYY-MM-DD in local time", () => {
    expect(today(new Date(2026, 0, 5, 23, 59))).toBe("2026-01-05");
  });

  it("thanks people by the first word of their name, in any script", () => {
    expect(firstName("  Ольга Петрова ")).toBe("Ольга");
    expect(firstName("王芳 🌟")).toBe("王芳");
  });

  it("joins a file name to a folder with the folder's own separator", () => {
    expect(joinPath("/home/sam/Documents", "a.csv")).toBe("/home/sam/Documents/a.csv");
    expect(joinPath("C:\\Users\\Sam\\", "a.csv")).toBe("C:\\Users\\Sam\\a.csv");
  });

  it("treats a blank field as not given", () => {
    expect(optional("   ")).toBeNull();
    expect(optional(" Housing ")).toBe("Housing");
  });
});

describe("sign-in times on a register", () => {
  it("are a time alone on the session's day and carry the date on another day", () => {
    const sameDay = new Date(2026, 2, 4, 9, 41).toISOString();
    const nextDay = new Date(2026, 2, 5, 8, 5).toISOString();
    expect(signInTime(sameDay, "2026-03-04")).toBe("09:41");
    expect(signInTime(nextDay, "2026-03-04")).toBe("5 Mar 2026, 08:05");
    expect(signInTime(null, "2026-03-04")).toBe("");
  });
});

describe("a session date over a year back", () => {
  it("is one before this day last year", () => {
    const now = new Date(2026, 2, 4);
    expect(overAYearAgo("2025-03-03", now)).toBe(true);
    expect(overAYearAgo("2025-03-04", now)).toBe(false);
    expect(overAYearAgo("2026-12-01", now)).toBe(false);
  });
});

describe("a message as a sentence", () => {
  it("starts with a capital and ends with a full stop, once", () => {
    expect(sentence("title is needed")).toBe("Title is needed.");
    expect(sentence("email needs an @ (or leave it empty)")).toBe("Email needs an @ (or leave it empty).");
    expect(sentence("Done.")).toBe("Done.");
  });
});

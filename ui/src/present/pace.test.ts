import { describe, expect, it } from "vitest";
import { duration, pace } from "./pace";

describe("the pace indicator", () => {
  it("is on time when the slides done match the minutes gone", () => {
    expect(pace(5 * 60_000, 10, 5, 10).kind).toBe("on");
  });

  it("says how many minutes behind when the time has run ahead of the slides", () => {
    expect(pace(8 * 60_000, 10, 2, 10)).toEqual({ kind: "behind", minutes: 6, text: "6 minutes behind" });
  });

  it("says ahead when the slides have run ahead of the time", () => {
    expect(pace(60_000, 10, 5, 10).text).toBe("4 minutes ahead");
  });

  it("uses the singular for one minute", () => {
    expect(pace(4 * 60_000, 10, 5, 10).text).toBe("1 minute ahead");
  });

  it("has nothing to say for a module with no planned time", () => {
    expect(pace(60_000, 0, 1, 3).text).toBe("No planned time");
  });
});

describe("durations", () => {
  it("read as minutes and seconds, and hours when there are any", () => {
    expect(duration(65_000)).toBe("1:05");
    expect(duration(3_725_000)).toBe("1:02:05");
    expect(duration(-5)).toBe("0:00");
  });
});

// Where a learner picks a module up: never before the place they saved.
import { describe, expect, it } from "vitest";
import type { ModuleProgress, Stage } from "../api";
import { pickUp } from "./stage";

const at = (stage: Stage, slide: number): ModuleProgress => ({
  moduleId: "forms",
  title: "Forms of exploitation",
  minutes: 20,
  slides: 13,
  questions: 5,
  stage,
  slide,
  answered: 0,
  attempts: 0,
  best: null,
});

describe("picking a module up", () => {
  it("goes back to the slide being read, to the quiz once reached, else to the start", () => {
    expect(pickUp(at("reading", 4))).toEqual({ quiz: false, slide: 4 });
    expect(pickUp(at("quizNext", 13))).toEqual({ quiz: true });
    expect(pickUp(at("quizUnderWay", 13))).toEqual({ quiz: true });
    expect(pickUp(at("notStarted", 0))).toEqual({ quiz: false, slide: 0 });
    expect(pickUp(at("notPassed", 13))).toEqual({ quiz: false, slide: 0 });
    expect(pickUp(at("passed", 13))).toEqual({ quiz: false, slide: 0 });
  });
});

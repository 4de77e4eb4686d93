// How a module's stage reads for its learner, in words (the list never
// relies on colour to say it), and where they pick it up.
import type { ModuleProgress } from "../api";

export function stageText(m: ModuleProgress): string {
  switch (m.stage) {
    case "notStarted":
      return "Not started";
    case "reading":
      return `In progress: slide ${m.slide + 1} of ${m.slides}`;
    case "quizNext":
      return "Read; quiz next";
    case "quizUnderWay":
      return `Quiz under way: ${m.answered} of ${m.questions} answered`;
    case "notPassed":
      return `Quiz not passed yet (best ${m.best?.percent ?? 0}%)`;
    case "passed":
      return m.best ? `Passed: ${m.best.percent}%` : "Finished";
  }
}

/** Where a learner picks a module up: the slide they were reading, its
 * quiz once they reached it, or else its first slide. */
export type PickUp = { quiz: true } | { quiz: false; slide: number };

export function pickUp(m: ModuleProgress): PickUp {
  switch (m.stage) {
    case "reading":
      return { quiz: false, slide: m.slide };
    case "quizNext":
    case "quizUnderWay":
      return { quiz: true };
    default:
      return { quiz: false, slide: 0 };
  }
}

// How a module's stage reads for its learner, in words (the list never
// relies on colour to say it).
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

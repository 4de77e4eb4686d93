// A stop as the room sees it: a question shows lettered options and nothing
// that gives the answer away until a reveal arrives; then the right options
// are marked and the explanation shown.
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, render, screen } from "@testing-library/svelte";
import StopView from "./StopView.svelte";
import type { RoomQuestion } from "../api";
import type { Reveal } from "../api/bindings/Reveal";
import type { StopContent } from "./deck";
import { stopOf } from "./deck";

const span = (text: string) => ({ text, strong: false, emphasis: false });

const question: RoomQuestion = {
  id: "first/1",
  kind: "single",
  title: "",
  case: [],
  prompt: [span("Who can report a concern?")],
  options: [[span("Only the police")], [span("Anyone who has a concern")], [span("Only a manager")]],
};
const content: StopContent = { kind: "question", question, number: 1, count: 2 };

afterEach(cleanup);

describe("a knowledge-check question on the room's screen", () => {
  it("letters the options and marks none right before the reveal", () => {
    render(StopView, { content, moduleTitle: "First" });
    const options = screen.getAllByRole("listitem");
    expect(options.map((o) => o.textContent?.trim().slice(0, 1))).toEqual(["A", "B", "C"]);
    expect(document.body.textContent).not.toContain("Right answer");
  });

  it("marks the right option and shows the explanation once revealed", () => {
    render(StopView, {
      content,
      moduleTitle: "First",
      reveal: {
        questionId: "first/1",
        correct: [1],
        explanation: [{ type: "paragraph", spans: [span("Anyone can report.")] }],
      },
    });
    const right = document.querySelectorAll(".option.right");
    expect(right).toHaveLength(1);
    expect(right[0].textContent).toContain("Anyone who has a concern");
    expect(screen.getByText("Anyone can report.")).toBeTruthy();
  });

  it("puts a scenario's story beside its options, and reads why after them", () => {
    const scenario: RoomQuestion = {
      ...question,
      kind: "scenario",
      title: "At the gate",
      case: [{ type: "paragraph", spans: [span("Workers wait at the gate.")] }],
    };
    const reveal: Reveal = {
      questionId: "first/1",
      correct: [1],
      explanation: [{ type: "paragraph", spans: [span("Several signs together.")] }],
    };
    render(StopView, { content: { ...content, question: scenario }, moduleTitle: "First", reveal });
    const story = document.querySelector(".with-case .stop-story");
    expect(story?.textContent).toContain("Workers wait at the gate.");
    expect(document.querySelector(".with-case .options")?.querySelectorAll(".option")).toHaveLength(3);
    // Read after the options, though drawn under the story.
    const order = [...document.querySelectorAll(".with-case > *")].map((part) => part.className.split(" ")[0]);
    expect(order).toEqual(["stop-story", "options", "stop-explanation"]);
    expect(screen.getByText("Several signs together.")).toBeTruthy();
  });
});

describe("stops", () => {
  it("are the module's slides, then its questions, and one card for an empty module", () => {
    const module = { id: "m", title: "M", slides: [{ title: "S", body: [] }], questions: [question] };
    expect(stopOf(module, 0).kind).toBe("slide");
    expect(stopOf(module, 1).kind).toBe("question");
    expect(stopOf({ ...module, slides: [], questions: [] }, 0).kind).toBe("empty");
  });
});

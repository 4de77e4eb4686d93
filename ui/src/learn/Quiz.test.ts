// A learner's quiz against a mocked Rust side: the questions arrive without
// their answers, each answer goes to the library and its feedback (right
// options, explanation) comes back into a live region; a save that fails
// keeps the choice and says so; a changed module offers a fresh attempt.
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { clearMocks } from "@tauri-apps/api/mocks";
import Quiz from "./Quiz.svelte";
import { mockBackend } from "../test/backend";
import type { Feedback, QuizInProgress } from "../api";

const text = (t: string) => [{ text: t, strong: false, emphasis: false }];

const quiz: QuizInProgress = {
  attemptId: "a1",
  moduleId: "first",
  moduleTitle: "Spotting the signs",
  passMark: 80,
  questions: [
    {
      id: "first/4",
      kind: "scenario",
      title: "At the car wash",
      case: [{ type: "paragraph", spans: text("A worker always arrives in the same van.") }],
      prompt: text("What should the manager do?"),
      options: [
        { index: 2, text: text("Nothing") },
        { index: 0, text: text("Confront the driver") },
        { index: 1, text: text("Report it") },
      ],
      warning: null,
    },
    {
      id: "first/2",
      kind: "allThatApply",
      title: "",
      case: [],
      prompt: text("Which are signs of control?"),
      options: [
        { index: 0, text: text("Passport held") },
        { index: 1, text: text("Speaks for them") },
      ],
      warning: null,
    },
  ],
  answered: [],
};

const wrongFeedback: Feedback = {
  questionId: "first/4",
  right: false,
  chosen: [0],
  rightOptions: [1],
  explanation: [{ type: "paragraph", spans: text("Never confront; report.") }],
};

afterEach(() => {
  cleanup();
  clearMocks();
});

const props = { personId: "p1", moduleId: "first", onread: () => {}, onhome: () => {}, onresults: () => {} };

describe("a learner's quiz", () => {
  it("shows a question's content warning first, then the question when the learner chooses", async () => {
    const warned = { ...quiz, questions: [{ ...quiz.questions[0], warning: "This question describes threats." }] };
    mockBackend({ start_quiz: () => warned });
    render(Quiz, props);
    const heading = await screen.findByRole("heading", { name: "Content warning" });
    expect(screen.getByText("This question describes threats.")).toBeTruthy();
    expect(screen.queryByRole("radio")).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(heading));
    await fireEvent.click(screen.getByRole("button", { name: "Show this question" }));
    expect(await screen.findAllByRole("radio")).toHaveLength(3);
  });

  it("shows a scenario's case above real radio buttons in the draw's order, and the feedback after answering", async () => {
    const calls = mockBackend({ start_quiz: () => quiz, answer_question: () => wrongFeedback });
    render(Quiz, props);
    await screen.findByRole("heading", { name: "Scenario: At the car wash" });
    expect(screen.getByText("A worker always arrives in the same van.")).toBeTruthy();
    const group = screen.getByRole("group");
    expect(group.tagName).toBe("FIELDSET");
    const radios = screen.getAllByRole("radio");
    expect(radios.map((r) => r.closest("label")?.textContent?.trim())).toEqual([
      "Nothing",
      "Confront the driver",
      "Report it",
    ]);
    expect(document.body.textContent).not.toContain("correct");
    await fireEvent.click(screen.getByRole("radio", { name: "Confront the driver" }));
    await fireEvent.click(screen.getByRole("button", { name: "Check my answer" }));
    const status = await screen.findByText("✗ Not quite");
    expect(status.closest("[aria-live]")).toBeTruthy();
    expect(screen.getByText("Never confront; report.")).toBeTruthy();
    expect(screen.getByText("✗ Your answer, not right")).toBeTruthy();
    expect(screen.getByText("✓ Right answer")).toBeTruthy();
    expect(calls.find((c) => c.cmd === "answer_question")?.args).toMatchObject({
      attemptId: "a1",
      questionId: "first/4",
      chosen: [0],
    });
    await fireEvent.click(screen.getByRole("button", { name: "Next question →" }));
    expect(screen.getAllByRole("checkbox")).toHaveLength(2);
  });

  it("ends the sentence naming the right answer with one full stop, whether or not the option has its own", async () => {
    const saying = (option: string) => {
      const own = { ...quiz, questions: [{ ...quiz.questions[0], options: [
        { index: 0, text: text("Confront the driver") },
        { index: 1, text: text(option) },
      ] }] };
      return own;
    };
    for (const [option, said] of [
      ["Tell your manager who to tell.", "The right answer is: Tell your manager who to tell."],
      ["Report it", "The right answer is: Report it."],
    ]) {
      mockBackend({ start_quiz: () => saying(option), answer_question: () => wrongFeedback });
      render(Quiz, props);
      await fireEvent.click(await screen.findByRole("radio", { name: "Confront the driver" }));
      await fireEvent.click(screen.getByRole("button", { name: "Check my answer" }));
      const sentenceShown = (await screen.findByText(/The right answer is/)).closest("p")!;
      expect(sentenceShown.textContent!.replace(/\s+/g, " ").trim()).toBe(said);
      cleanup();
      clearMocks();
    }
  });

  it("refuses to check an empty answer without calling the library", async () => {
    const calls = mockBackend({ start_quiz: () => quiz });
    render(Quiz, props);
    await fireEvent.click(await screen.findByRole("button", { name: "Check my answer" }));
    expect(await screen.findByText("Choose an answer first.")).toBeTruthy();
    expect(calls.filter((c) => c.cmd === "answer_question")).toHaveLength(0);
  });

  it("keeps the choice and says so when the answer cannot be saved", async () => {
    mockBackend({
      start_quiz: () => quiz,
      answer_question: () => {
        throw { code: "database_error", message: "could not save the answer: disk I/O error" };
      },
    });
    render(Quiz, props);
    await fireEvent.click(await screen.findByRole("radio", { name: "Report it" }));
    await fireEvent.click(screen.getByRole("button", { name: "Check my answer" }));
    expect(await screen.findByRole("heading", { name: "Your answer could not be saved" })).toBeTruthy();
    expect((screen.getByRole("radio", { name: "Report it" }) as HTMLInputElement).checked).toBe(true);
    expect(screen.getByRole("button", { name: "Check my answer" })).toBeTruthy();
  });

  it("offers a fresh attempt when the module changed since the attempt began", async () => {
    const calls = mockBackend({
      start_quiz: () => {
        throw { code: "course_changed", message: "the questions were changed" };
      },
      fresh_quiz: () => quiz,
    });
    render(Quiz, props);
    await fireEvent.click(await screen.findByRole("button", { name: "Start a fresh attempt" }));
    await screen.findByRole("heading", { name: "Scenario: At the car wash" });
    expect(calls.map((c) => c.cmd)).toEqual(["start_quiz", "fresh_quiz"]);
  });
});

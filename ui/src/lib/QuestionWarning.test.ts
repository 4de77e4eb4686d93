// A quiz question's content warning comes before the question, which is shown
// only when the learner asks; a question without one is shown at once.
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { createRawSnippet } from "svelte";
import QuestionWarning from "./QuestionWarning.svelte";
import type { Question } from "../api/bindings/Question";

function question(warning: string | null): Question {
  return {
    id: "forms/3",
    kind: "scenario",
    title: "A message online",
    case: [],
    prompt: [{ text: "What should you do?", strong: false, emphasis: false }],
    options: [],
    explanation: [],
    warning,
    line: 40,
  };
}

const body = createRawSnippet(() => ({ render: () => "<p>The question itself</p>" }));

afterEach(cleanup);

describe("a question's content warning", () => {
  it("shows the warning first and the question only when asked", async () => {
    render(QuestionWarning, { question: question("This question describes the grooming of a child."), children: body });
    expect(screen.getByRole("heading", { name: "Content warning" })).toBeTruthy();
    expect(screen.getByText("This question describes the grooming of a child.")).toBeTruthy();
    expect(screen.queryByText("The question itself")).toBeNull();
    await fireEvent.click(screen.getByRole("button", { name: "Show this question" }));
    expect(screen.getByText("The question itself")).toBeTruthy();
  });

  it("lets the learner skip a warned question", async () => {
    const onskip = vi.fn();
    render(QuestionWarning, { question: question("This question describes violence."), onskip, children: body });
    await fireEvent.click(screen.getByRole("button", { name: "Skip it" }));
    expect(onskip).toHaveBeenCalledOnce();
  });

  it("shows a question without a warning at once", () => {
    render(QuestionWarning, { question: question(null), children: body });
    expect(screen.getByText("The question itself")).toBeTruthy();
    expect(screen.queryByRole("heading", { name: "Content warning" })).toBeNull();
  });
});

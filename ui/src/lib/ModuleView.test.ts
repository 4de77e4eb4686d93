// Reading a module: moving through slides by button and by key, and the
// content warning that comes before a difficult slide.
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import ModuleView from "./ModuleView.svelte";
import type { Module } from "../api";
import type { Slide } from "../api/bindings/Slide";

function slide(title: string, extra: Partial<Slide> = {}): Slide {
  const body = [{ type: "paragraph" as const, spans: [{ text: `${title} body`, strong: false, emphasis: false }] }];
  return { title, body, notes: [], handbook: body, contentWarning: null, line: 1, ...extra };
}

const module: Module = {
  id: "forms",
  file: "03-forms.md",
  title: "Forms of exploitation",
  minutes: 15,
  objectives: [],
  questionsPerAttempt: 0,
  questions: [],
  slides: [
    slide("Labour exploitation", {
      handbook: [{ type: "paragraph", spans: [{ text: "Prose for learners", strong: false, emphasis: false }] }],
    }),
    slide("Sexual exploitation", { contentWarning: "This slide describes sexual exploitation." }),
    slide("Criminal exploitation"),
  ],
};

afterEach(cleanup);

describe("reading a module", () => {
  it("shows the first slide with its learner prose and moves on with Next", async () => {
    render(ModuleView, { module, onclose: () => {} });
    expect(screen.getByRole("heading", { level: 2, name: "Labour exploitation" })).toBeTruthy();
    expect(screen.getByText("Prose for learners")).toBeTruthy();
    expect(screen.getByText("Slide 1 of 3")).toBeTruthy();
    await fireEvent.click(screen.getByRole("button", { name: "Next →" }));
    expect(screen.getByText("Slide 2 of 3")).toBeTruthy();
  });

  it("warns before a difficult slide and shows it only when asked", async () => {
    render(ModuleView, { module, onclose: () => {} });
    await fireEvent.keyDown(window, { key: "ArrowRight" });
    expect(screen.getByRole("heading", { level: 2, name: "Content warning" })).toBeTruthy();
    expect(screen.getByText("This slide describes sexual exploitation.")).toBeTruthy();
    expect(screen.queryByText("Sexual exploitation body")).toBeNull();
    await fireEvent.click(screen.getByRole("button", { name: "Show this slide" }));
    expect(screen.getByText("Sexual exploitation body")).toBeTruthy();
  });

  it("lets the reader skip a difficult slide", async () => {
    render(ModuleView, { module, onclose: () => {} });
    await fireEvent.keyDown(window, { key: "ArrowRight" });
    await fireEvent.click(screen.getByRole("button", { name: "Skip it" }));
    expect(screen.getByRole("heading", { level: 2, name: "Criminal exploitation" })).toBeTruthy();
  });

  it("goes back with the left arrow and stops at the first slide", async () => {
    render(ModuleView, { module, onclose: () => {} });
    await fireEvent.keyDown(window, { key: "ArrowLeft" });
    expect(screen.getByText("Slide 1 of 3")).toBeTruthy();
    expect((screen.getByRole("button", { name: "← Previous" }) as HTMLButtonElement).disabled).toBe(true);
  });

  it("leaves the arrow keys to a list being chosen from, such as the text size", async () => {
    render(ModuleView, { module, onclose: () => {} });
    const list = document.createElement("select");
    document.body.append(list);
    try {
      await fireEvent.keyDown(list, { key: "ArrowRight" });
      expect(screen.getByText("Slide 1 of 3")).toBeTruthy();
    } finally {
      list.remove();
    }
  });

  it("returns to the module list with Escape", async () => {
    const onclose = vi.fn();
    render(ModuleView, { module, onclose });
    await fireEvent.keyDown(window, { key: "Escape" });
    expect(onclose).toHaveBeenCalled();
  });
});

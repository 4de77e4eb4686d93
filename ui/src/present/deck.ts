// What is at a stop of the deck, for both presenting windows: the audience
// window reads its own copy (no answers), the speaker window turns its whole
// modules into the same shape for the live renders, so both draw a stop the
// same way. The order of stops (slides, then questions) is the library's;
// this only looks them up.
import type { AudienceModule } from "../api/bindings/AudienceModule";
import type { AudienceSlide, Module, RoomQuestion } from "../api";

export type StopContent =
  | { kind: "slide"; slide: AudienceSlide; number: number; count: number }
  | { kind: "question"; question: RoomQuestion; number: number; count: number }
  | { kind: "empty" };

export function stopOf(module: AudienceModule | undefined, stop: number): StopContent {
  if (!module) return { kind: "empty" };
  if (stop < module.slides.length) {
    return { kind: "slide", slide: module.slides[stop], number: stop + 1, count: module.slides.length };
  }
  const q = stop - module.slides.length;
  if (q < module.questions.length) {
    return { kind: "question", question: module.questions[q], number: q + 1, count: module.questions.length };
  }
  return { kind: "empty" };
}

/** How many stops a module has: its slides and questions, or one card when it has neither. */
export const stopCount = (module: AudienceModule | undefined) =>
  module ? Math.max(1, module.slides.length + module.questions.length) : 0;

/** The speaker's whole module in the audience's shape (answers dropped; the speaker shows them separately). */
export function asAudience(module: Module): AudienceModule {
  return {
    id: module.id,
    title: module.title,
    slides: module.slides.map((s) => ({ title: s.title, body: s.body })),
    questions: module.questions.map((q) => ({
      id: q.id,
      kind: q.kind,
      title: q.title,
      case: q.case,
      prompt: q.prompt,
      options: q.options.map((o) => o.text),
    })),
  };
}

/** Option 0 is A, as the room is asked to raise hands for it. */
export const letter = (index: number) => String.fromCharCode(65 + index);

/** A short name for a stop, for counters and the overview. */
export function stopLabel(content: StopContent): string {
  if (content.kind === "slide") return `Slide ${content.number} of ${content.count}`;
  if (content.kind === "question") return `Question ${content.number} of ${content.count}`;
  return "No slides";
}

import { describe, expect, it } from "vitest";
import { forRoom } from "./keys";

function key(key: string, init: KeyboardEventInit = {}, target: HTMLElement = document.body) {
  const event = new KeyboardEvent("keydown", { key, bubbles: true, ...init });
  Object.defineProperty(event, "target", { value: target });
  return event;
}

describe("keys a presenting window passes on", () => {
  it("passes on every clicker key", () => {
    for (const k of ["ArrowRight", "ArrowLeft", "PageDown", "PageUp", " ", "Enter", "Backspace", "b", ".", "Escape", "7"]) {
      expect(forRoom(key(k)), k).toBe(true);
    }
  });

  it("keeps ? for the window's own list of keys", () => {
    expect(forRoom(key("?"))).toBe(false);
  });

  it("leaves typing in a field alone", () => {
    const input = document.createElement("input");
    expect(forRoom(key("3", {}, input))).toBe(false);
  });

  it("lets a focused button take its own Enter and Space but passes on arrows", () => {
    const button = document.createElement("button");
    expect(forRoom(key("Enter", {}, button))).toBe(false);
    expect(forRoom(key(" ", {}, button))).toBe(false);
    expect(forRoom(key("ArrowRight", {}, button))).toBe(true);
  });

  it("leaves browser shortcuts alone", () => {
    expect(forRoom(key("r", { ctrlKey: true }))).toBe(false);
  });
});

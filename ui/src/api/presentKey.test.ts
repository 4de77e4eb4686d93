// Keys sent from a presenting window reach the presentation in the order
// they were pressed, even when the first takes longer to handle: a slide
// number typed and then Enter must not become Enter and then a number.
import { afterEach, expect, it } from "vitest";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { presentKey, presentStep } from ".";

afterEach(() => clearMocks());

it("sends each key only once the one before it was handled", async () => {
  const handled: string[] = [];
  mockIPC(async (cmd, args) => {
    const what = cmd === "present_key" ? (args as { key: string }).key : "step";
    // The first key is slow to handle; without waiting, the others would overtake it.
    await new Promise((done) => setTimeout(done, what === "1" ? 50 : 0));
    handled.push(what);
    if (what === "x") throw { code: "not_presenting", message: "nothing is being presented" };
    return null;
  });
  const sent = [presentKey("1"), presentKey("x"), presentKey("Enter"), presentStep({ kind: "reveal" } as never)];
  const settled = await Promise.allSettled(sent);
  expect(handled).toEqual(["1", "x", "Enter", "step"]);
  expect(settled.map((s) => s.status)).toEqual(["fulfilled", "rejected", "fulfilled", "fulfilled"]);
});

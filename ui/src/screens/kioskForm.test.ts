// What the kiosk clears after a sign-in: only what was sent, never what the
// next person has started typing.
import { describe, expect, it } from "vitest";
import { clearSubmitted } from "./kioskForm";

describe("clearing the kiosk after a sign-in", () => {
  it("empties every field that still holds what was sent", () => {
    const sent = { name: "Ada", organisation: "Herts", jobRole: "Nurse", email: "ada@example.org" };
    expect(clearSubmitted(sent, sent)).toEqual({ name: "", organisation: "", jobRole: "", email: "" });
  });

  it("keeps what the next person typed while the sign-in was saved", () => {
    const sent = { name: "Ada", organisation: "Herts", jobRole: "", email: "" };
    const now = { name: "Bob Nex", organisation: "Herts", jobRole: "", email: "" };
    expect(clearSubmitted(now, sent)).toEqual({ name: "Bob Nex", organisation: "", jobRole: "", email: "" });
  });
});

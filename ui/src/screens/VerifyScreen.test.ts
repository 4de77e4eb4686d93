// The Verify screen: a typed code is checked by the library and the answer
// is put in words, genuine or not.
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";
import { mockBackend } from "../test/backend";
import VerifyScreen from "./VerifyScreen.svelte";

const record = {
  kind: "attendance",
  id: "00000000-0000-0000-0000-000000000001",
  name: "مريم الحسيني",
  courseTitle: "Basic Modern Slavery Awareness Training",
  courseVersion: "2026.1",
  date: "2026-03-04",
  score: 90,
  organisation: "Herts Council",
  trainer: "Tess",
};

describe("checking a certificate", () => {
  afterEach(cleanup);

  it("says who a genuine certificate was issued to and by whom", async () => {
    let asked = "";
    mockBackend({
      verify_certificate: (args) => {
        asked = args.code as string;
        return { verdict: "genuine", record, fingerprint: "ABCD", signer: { type: "own" } };
      },
    });
    render(VerifyScreen);
    await fireEvent.input(screen.getByLabelText("Certificate code"), {
      target: { value: "SP1-AAAA BBBB" },
    });
    await fireEvent.click(screen.getByRole("button", { name: "Check" }));
    const result = await screen.findByText("Genuine");
    expect(asked).toBe("SP1-AAAA BBBB");
    const text = result.parentElement?.textContent ?? "";
    expect(text).toContain("مريم الحسيني");
    expect(text).toContain("scoring 90%");
    expect(text).toContain("Herts Council");
  });

  it("says a certificate's number is not its code, and where the code is", async () => {
    mockBackend({ verify_certificate: () => ({ verdict: "numberOnly" }) });
    render(VerifyScreen);
    await fireEvent.input(screen.getByLabelText("Certificate code"), { target: { value: "L2LTY-WFJCR" } });
    await fireEvent.click(screen.getByRole("button", { name: "Check" }));
    const result = await screen.findByText("That is the certificate's number, not its code");
    expect(result.parentElement?.textContent).toContain("begins SP1-");
  });

  it("says an altered certificate is not genuine", async () => {
    mockBackend({ verify_certificate: () => ({ verdict: "altered" }) });
    render(VerifyScreen);
    await fireEvent.input(screen.getByLabelText("Certificate code"), {
      target: { value: "SP1-XXXX" },
    });
    await fireEvent.click(screen.getByRole("button", { name: "Check" }));
    expect(await screen.findByText("Not genuine")).toBeTruthy();
    expect(screen.queryByText("Genuine")).toBeNull();
  });
});

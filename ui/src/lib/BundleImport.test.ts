// Importing a record bundle against a mocked Rust side: a check first, the
// import only after confirming, and people who share an email address with
// someone here pointed out before anything changes.
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { clearMocks } from "@tauri-apps/api/mocks";
import BundleImport from "./BundleImport.svelte";
import { mockBackend } from "../test/backend";
import type { BundleReport } from "../api";

const counts = (people: number) => ({
  people,
  sessions: 1,
  attendance: people,
  corrections: 0,
  attempts: 0,
  progress: 0,
  certificates: 0,
  roomAnswers: 0,
});

const report = (dryRun: boolean): BundleReport => ({
  added: counts(2),
  alreadyPresent: counts(0),
  conflicts: [],
  sameEmail: [{ email: "Zofia@Example.org", incoming: "Zofia Wiśniewska", existing: "Zofia W." }],
  dryRun,
  imported: !dryRun,
});

afterEach(() => {
  cleanup();
  clearMocks();
});

describe("importing a record bundle", () => {
  it("names people who share an email with someone here, then imports only after confirming", async () => {
    const calls = mockBackend({ import_bundle: (args) => report(args.dryRun as boolean) });
    const onimported = vi.fn();
    render(BundleImport, { onimported });
    await fireEvent.input(screen.getByLabelText("Bundle file"), { target: { value: "/usb/laptop.json" } });
    await fireEvent.click(screen.getByRole("button", { name: "Check this bundle" }));

    const same = await screen.findByTestId("same-email");
    expect(same.textContent).toContain("One person in this bundle shares an email address");
    expect(same.textContent).toContain("Zofia Wiśniewska and Zofia W. (Zofia@Example.org)");
    expect(calls.map((c) => c.args.dryRun)).toEqual([true]);

    await fireEvent.click(screen.getByRole("button", { name: "Import 5 records" }));
    await fireEvent.click(screen.getByRole("button", { name: "Yes, import them" }));
    await waitFor(() => expect(onimported).toHaveBeenCalledOnce());
    expect(calls.map((c) => c.args.dryRun)).toEqual([true, false]);
    expect(screen.getByText("Imported 5 records from /usb/laptop.json.")).toBeTruthy();
  });
});

// Roster import against a mocked Rust side: the recognised columns and rows
// are shown, a row with a problem is named by its row number and keeps the
// import button disabled, and a clean file imports everyone.
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { clearMocks } from "@tauri-apps/api/mocks";
import RosterImport from "./RosterImport.svelte";
import { mockBackend } from "../test/backend";
import type { RosterPreview } from "../api";

const person = (name: string) => ({ name, organisation: "Herts", team: "", jobRole: "", email: null });

const clean: RosterPreview = {
  headings: ["Name", "Org"],
  mapping: [
    { heading: "Name", field: "name" },
    { heading: "Org", field: null },
  ],
  rows: [
    { row: 2, person: person("王小明") },
    { row: 3, person: person("Sam Taylor") },
  ],
  errors: [],
};
const withError: RosterPreview = { ...clean, errors: [{ row: 4, reason: "has no name" }] };

async function chooseFile() {
  const input = screen.getByLabelText(/Roster file/) as HTMLInputElement;
  const file = new File(["Name,Org\n王小明,Herts\n"], "roster.csv", { type: "text/csv" });
  await fireEvent.change(input, { target: { files: [file] } });
}

afterEach(() => {
  cleanup();
  clearMocks();
});

describe("roster import", () => {
  it("names the rows with problems and keeps the import disabled", async () => {
    mockBackend({ preview_roster: () => withError });
    render(RosterImport, { sessionId: "s1", onimported: () => {} });
    await chooseFile();
    expect(await screen.findByText("Row 4: has no name")).toBeTruthy();
    const button = screen.getByRole("button", { name: /Import 2 people/ }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
  });

  it("sends the trainer's column choice and imports a clean file", async () => {
    const calls = mockBackend({
      preview_roster: () => clean,
      import_roster: () => ({ addedToRegister: 2, alreadyOnRegister: 0, newPeople: 2 }),
    });
    const onimported = vi.fn();
    render(RosterImport, { sessionId: "s1", onimported });
    await chooseFile();
    expect(await screen.findByText("王小明")).toBeTruthy();
    await fireEvent.change(screen.getByLabelText(/Column “Org” is/), { target: { value: "organisation" } });
    await waitFor(() => expect(calls.filter((c) => c.cmd === "preview_roster")).toHaveLength(2));
    expect(calls[1].args.mapping).toEqual({ Org: "organisation" });
    const button = screen.getByRole("button", { name: /Import 2 people/ }) as HTMLButtonElement;
    expect(button.disabled).toBe(false);
    await fireEvent.click(button);
    expect(await screen.findByText(/Added 2 to the register as expected/)).toBeTruthy();
    const sent = calls.find((c) => c.cmd === "import_roster")!;
    expect(sent.args).toMatchObject({ sessionId: "s1", mapping: { Org: "organisation" } });
    expect(Array.isArray(sent.args.bytes)).toBe(true);
    expect(onimported).toHaveBeenCalled();
  });
});

// Roster import against a mocked Rust side: the recognised columns and rows
// are shown, a row with a problem is named by its row number and keeps the
// import button disabled, a row sharing someone's email waits for the
// record keeper's choice, and a clean file imports everyone.
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { clearMocks } from "@tauri-apps/api/mocks";
import RosterImport from "./RosterImport.svelte";
import { mockBackend } from "../test/backend";
import type { RosterCheck, RosterPreview } from "../api";

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
const checked = (preview: RosterPreview, sharedEmails: RosterCheck["sharedEmails"] = [], fingerprint = "f1"): RosterCheck => ({
  preview,
  sharedEmails,
  fingerprint,
});

const rosterPath = "/home/trainer/Documents/roster 王.csv";

/** Chooses a roster in the system's open dialog (mocked to answer this path). */
async function chooseFile() {
  await fireEvent.click(screen.getByRole("button", { name: "Choose a roster file…" }));
}

afterEach(() => {
  cleanup();
  clearMocks();
});

describe("roster import", () => {
  it("lists the headings the library recognises, as it gives them", async () => {
    mockBackend({
      roster_headings: () => [
        { field: "name", headings: ["Name", "Full name"] },
        { field: "team", headings: ["Team", "Department"] },
      ],
    });
    render(RosterImport, { sessionId: "s1", onimported: () => {} });
    expect(await screen.findByText(/Recognised headings: Name or Full name; Team or Department\./)).toBeTruthy();
  });

  it("names the rows with problems and keeps the import disabled", async () => {
    mockBackend({ "plugin:dialog|open": () => rosterPath, preview_roster: () => checked(withError) });
    render(RosterImport, { sessionId: "s1", onimported: () => {} });
    await chooseFile();
    expect(await screen.findByText("Row 4: has no name")).toBeTruthy();
    const button = screen.getByRole("button", { name: /Import 2 rows/ }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
  });

  it("sends the trainer's column choice and imports a clean file", async () => {
    const calls = mockBackend({
      "plugin:dialog|open": () => rosterPath,
      preview_roster: () => checked(clean),
      import_roster: () => ({ addedToRegister: 2, alreadyOnRegister: 0, newPeople: 2, repeatedInFile: 0 }),
    });
    const onimported = vi.fn();
    render(RosterImport, { sessionId: "s1", onimported });
    await chooseFile();
    expect(await screen.findByText("王小明")).toBeTruthy();
    await fireEvent.change(screen.getByLabelText(/Column “Org” is/), { target: { value: "organisation" } });
    const previews = () => calls.filter((c) => c.cmd === "preview_roster");
    await waitFor(() => expect(previews()).toHaveLength(2));
    expect(previews()[0].args.path).toBe(rosterPath);
    expect(previews()[1].args.mapping).toEqual({ Org: "organisation" });
    const button = screen.getByRole("button", { name: /Import 2 rows/ }) as HTMLButtonElement;
    expect(button.disabled).toBe(false);
    await fireEvent.click(button);
    expect(await screen.findByText("Added 2 people to the register as expected; 2 of them new to the records.")).toBeTruthy();
    const sent = calls.find((c) => c.cmd === "import_roster")!;
    expect(sent.args).toMatchObject({ sessionId: "s1", mapping: { Org: "organisation" } });
    expect(sent.args.path).toBe(rosterPath);
    expect(onimported).toHaveBeenCalled();
  });

  it("checks a file changed since its check again instead of importing it", async () => {
    let version = 0;
    const calls = mockBackend({
      "plugin:dialog|open": () => rosterPath,
      preview_roster: () => checked(clean, [], `f${++version}`),
      import_roster: (args) => {
        if (args.fingerprint !== `f${version}`) throw { code: "roster_changed", message: "changed" };
        return { addedToRegister: 2, alreadyOnRegister: 0, newPeople: 2, repeatedInFile: 0 };
      },
    });
    render(RosterImport, { sessionId: "s1", onimported: vi.fn() });
    await chooseFile();
    await screen.findByText("王小明");
    version += 1; // the file is edited and saved after its check
    await fireEvent.click(screen.getByRole("button", { name: /Import 2 rows/ }));
    expect(await screen.findByText(/The file changed since it was checked, so nothing was imported/)).toBeTruthy();
    expect(calls.filter((c) => c.cmd === "preview_roster")).toHaveLength(2);
    await fireEvent.click(screen.getByRole("button", { name: /Import 2 rows/ }));
    expect(await screen.findByText(/Added 2 people to the register/)).toBeTruthy();
    expect(calls.filter((c) => c.cmd === "import_roster").map((c) => c.args.fingerprint)).toEqual(["f1", "f3"]);
  });

  it("flags rows sharing an email with someone of another name and imports only once each is chosen", async () => {
    const sharing: RosterPreview = {
      ...clean,
      rows: [
        { row: 2, person: { ...person("Tom Jones"), email: "tom@example.org" } },
        { row: 3, person: { ...person("Thomas Jones"), email: "TOM@example.org" } },
        { row: 4, person: { ...person("Sam Smith"), email: "zoe@example.org" } },
      ],
    };
    const calls = mockBackend({
      "plugin:dialog|open": () => rosterPath,
      preview_roster: () =>
        checked(sharing, [
          { row: 3, email: "TOM@example.org", holders: [{ name: "Tom Jones", row: 2 }] },
          { row: 4, email: "zoe@example.org", holders: [{ name: "Zoë Nowak", row: null }] },
        ]),
      import_roster: () => ({ addedToRegister: 2, alreadyOnRegister: 0, newPeople: 2, repeatedInFile: 1 }),
    });
    render(RosterImport, { sessionId: "s1", onimported: () => {} });
    await chooseFile();
    const row3 = await screen.findByRole("group", { name: /Row 3: Thomas Jones gave the email of Tom Jones \(row 2\)/ });
    const row4 = screen.getByRole("group", { name: /Row 4: Sam Smith gave the email of Zoë Nowak \(already in the records\)/ });
    const button = screen.getByRole("button", { name: /Import 3 rows/ }) as HTMLButtonElement;
    expect(button.disabled, "nothing imports before each flagged row is chosen").toBe(true);
    await fireEvent.click(row3.querySelector('input[value="same_person"]')!);
    expect(button.disabled).toBe(true);
    await fireEvent.click(row4.querySelector('input[value="new_person"]')!);
    expect(button.disabled).toBe(false);
    await fireEvent.click(button);
    expect(
      await screen.findByText(
        "Added 2 people to the register as expected; 2 of them new to the records; 1 row named someone an earlier row had already added.",
      ),
    ).toBeTruthy();
    expect(calls.find((c) => c.cmd === "import_roster")!.args.choices).toEqual({ 3: "same_person", 4: "new_person" });
  });
});

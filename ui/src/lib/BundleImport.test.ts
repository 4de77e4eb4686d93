// Importing a record bundle against a mocked Rust side: a check first, the
// import only after confirming, people who share an email address with
// someone here pointed out before anything changes, and people erased where
// the bundle was made named before the import erases them here.
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
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
  quizAnswers: 0,
  progress: 0,
  certificates: 0,
  completions: 0,
  roomAnswers: 0,
});

const none = { ...counts(0), sessions: 0 };

const report = (dryRun: boolean): BundleReport => ({
  added: counts(2),
  updated: none,
  alreadyPresent: counts(0),
  replaced: 0,
  toMerge: [],
  erasedLeftOut: 0,
  toErase: [],
  erasuresNoted: 0,
  erasures: [],
  conflicts: [],
  problems: [],
  sameEmail: [{ email: "Zofia@Example.org", incoming: "Zofia Wiśniewska", existing: "Zofia W." }],
  notListed: 0,
  blocking: 0,
  dryRun,
  imported: !dryRun,
});

const zofiaId = "09c00674-0000-4000-8000-000000000001";
const samId = "09c00674-0000-4000-8000-000000000002";
const conflict = (id: string, label: string, here: string, bundle: string) => ({
  kind: "person",
  id,
  label,
  reason: "is already here with different content",
  differences: [{ field: "name", here, bundle }],
  resolvable: true,
  resolution: null,
});

afterEach(() => {
  cleanup();
  clearMocks();
});

describe("importing a record bundle", () => {
  it("says that people recorded twice here are merged as they were where the bundle was made", async () => {
    const merging = (dryRun: boolean): BundleReport => ({
      ...report(dryRun),
      added: none,
      alreadyPresent: counts(3),
      sameEmail: [],
      toMerge: [{ kept: "Zofia Wiśniewska", merged: "Zofia W." }],
    });
    const calls = mockBackend({ import_bundle: (args) => merging(args.dryRun as boolean) });
    render(BundleImport, { onimported: vi.fn() });
    await fireEvent.input(screen.getByLabelText("Bundle file"), { target: { value: "/usb/laptop.json" } });
    await fireEvent.click(screen.getByRole("button", { name: "Check this bundle" }));

    const notice = await screen.findByTestId("bundle-merges");
    expect(notice.textContent).toContain("One person is recorded twice here, and the computer that made this bundle merged");
    expect(notice.textContent).toContain("Zofia W. into Zofia Wiśniewska");
    expect(screen.queryByText("Everything in this bundle is already here.")).toBeNull();
    await fireEvent.click(screen.getByRole("button", { name: "Import and merge 1 person" }));
    await fireEvent.click(screen.getByRole("button", { name: "Yes, import them" }));
    await screen.findByText(/Merged 1 person recorded twice, as where the bundle was made\./);
    expect(calls.map((c) => c.args.dryRun)).toEqual([true, false]);
  });

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

  it("names each person in conflict with what differs, and imports with the choice made for each", async () => {
    const calls = mockBackend({
      import_bundle: (args) => {
        const dryRun = args.dryRun as boolean;
        const chosen = args.resolutions as Record<string, string>;
        return {
          ...report(dryRun),
          sameEmail: [],
          replaced: dryRun ? 0 : Object.values(chosen).filter((c) => c === "take_bundles").length,
          conflicts: [conflict(zofiaId, "Zofia W.", "Zofia W.", "Zofia Wiśniewska"), conflict(samId, "Sam Taylor", "Sam Taylor", "Sam Tailor")],
          blocking: dryRun ? 2 : 0,
        };
      },
    });
    render(BundleImport, { onimported: vi.fn() });
    await fireEvent.input(screen.getByLabelText("Bundle file"), { target: { value: "/usb/laptop.json" } });
    await fireEvent.click(screen.getByRole("button", { name: "Check this bundle" }));

    const zofia = await screen.findByRole("group", { name: "Zofia W." });
    expect(zofia.textContent).toContain("Zofia Wiśniewska");
    expect(zofia.textContent).not.toContain(zofiaId);
    expect(screen.getByText("Choose for 2 more people before importing.")).toBeTruthy();
    expect(screen.queryByRole("button", { name: /^Import/ })).toBeNull();

    await fireEvent.click(within(zofia).getByLabelText("Take the bundle's"));
    await fireEvent.click(within(screen.getByRole("group", { name: "Sam Taylor" })).getByLabelText("Keep ours"));
    await fireEvent.click(screen.getByRole("button", { name: "Import 5 records" }));
    await fireEvent.click(screen.getByRole("button", { name: "Yes, import them" }));
    await waitFor(() => expect(calls).toHaveLength(2));
    expect(calls[1].args.resolutions).toEqual({ [zofiaId]: "take_bundles", [samId]: "keep_ours" });
    expect(await screen.findByText("Imported 5 records from /usb/laptop.json. 1 person's details replaced by the bundle's.")).toBeTruthy();
  });

  it("offers a later bundle from the same laptop to bring records up to date, and says so", async () => {
    const later = (dryRun: boolean): BundleReport => ({
      ...report(dryRun),
      added: none,
      updated: { ...none, sessions: 1, attendance: 2 },
      sameEmail: [],
    });
    const calls = mockBackend({ import_bundle: (args) => later(args.dryRun as boolean) });
    render(BundleImport, { onimported: vi.fn() });
    await fireEvent.input(screen.getByLabelText("Bundle file"), { target: { value: "/usb/later.json" } });
    await fireEvent.click(screen.getByRole("button", { name: "Check this bundle" }));
    const preview = await screen.findByTestId("bundle-preview");
    expect(preview.textContent).toContain("3 to bring up to date");
    expect(screen.queryByText("Everything in this bundle is already here.")).toBeNull();
    await fireEvent.click(screen.getByRole("button", { name: "Import 3 records" }));
    expect(screen.getByText(/bring 3 up to date with the bundle's later copies/)).toBeTruthy();
    await fireEvent.click(screen.getByRole("button", { name: "Yes, import them" }));
    expect(await screen.findByText("Imported 0 records from /usb/later.json. 3 records brought up to date.")).toBeTruthy();
    expect(calls.map((c) => c.args.dryRun)).toEqual([true, false]);
  });

  it("lists records that break the rules and offers no import", async () => {
    mockBackend({
      import_bundle: () => ({
        ...report(true),
        sameEmail: [],
        problems: [{ kind: "person", id: zofiaId, field: "name", reason: "is needed" }],
        blocking: 1,
      }),
    });
    render(BundleImport, { onimported: vi.fn() });
    await fireEvent.input(screen.getByLabelText("Bundle file"), { target: { value: "/usb/bad.json" } });
    await fireEvent.click(screen.getByRole("button", { name: "Check this bundle" }));
    const problems = await screen.findByTestId("bundle-problems");
    expect(problems.textContent).toContain(`person ${zofiaId}: name is needed`);
    expect(screen.queryByRole("button", { name: /^Import/ })).toBeNull();
  });

  it("says how many records about people erased here are left out, and still imports the rest", async () => {
    mockBackend({ import_bundle: (args) => ({ ...report(args.dryRun as boolean), sameEmail: [], erasedLeftOut: 6 }) });
    render(BundleImport, { onimported: vi.fn() });
    await fireEvent.input(screen.getByLabelText("Bundle file"), { target: { value: "/usb/old.json" } });
    await fireEvent.click(screen.getByRole("button", { name: "Check this bundle" }));
    const left = (await screen.findByTestId("erased-left-out")).textContent?.replace(/\s+/g, " ");
    expect(left).toContain("6 records are about people erased from Signpost here");
    expect(left).toContain("an erasure is never undone by an import");
    expect(screen.getByRole("button", { name: "Import 5 records" })).toBeTruthy();
  });

  it("names whom an erasure list would erase here, and erases them only once confirmed", async () => {
    const olga = "09c00674-0000-4000-8000-000000000003";
    const calls = mockBackend({
      import_bundle: (args) => {
        const dryRun = args.dryRun as boolean;
        return {
          ...report(dryRun),
          added: none,
          sameEmail: [],
          toErase: [{ id: olga, name: "Ольга Петрова" }],
          erasuresNoted: 1,
          erasures: dryRun
            ? []
            : [
                {
                  personId: olga,
                  backupsCleaned: ["/data/backups/daily.db"],
                  backupsDeleted: [],
                  notCleaned: [],
                  writtenBefore: [],
                  lrsEndpoints: [],
                },
              ],
        };
      },
    });
    const onimported = vi.fn();
    render(BundleImport, { onimported });
    await fireEvent.input(screen.getByLabelText("Bundle file"), { target: { value: "/usb/erasures.json" } });
    await fireEvent.click(screen.getByRole("button", { name: "Check this bundle" }));
    const warning = (await screen.findByTestId("bundle-erasures")).textContent?.replace(/\s+/g, " ");
    expect(warning).toContain("erased this person, who is still here");
    expect(warning).toContain("Ольга Петрова");
    expect(warning).toContain("This cannot be undone.");
    expect(screen.getByText(/1 person erased there who was never here/)).toBeTruthy();
    expect(screen.queryByText("Everything in this bundle is already here.")).toBeNull();

    await fireEvent.click(screen.getByRole("button", { name: "Import and erase 1 person" }));
    expect(screen.getByText(/and erase Ольга Петрова from this computer's records and every backup\?/)).toBeTruthy();
    await fireEvent.click(screen.getByRole("button", { name: "Yes, import and erase" }));
    await waitFor(() => expect(onimported).toHaveBeenCalledOnce());
    expect(calls.map((c) => [c.args.dryRun, c.args.erase])).toEqual([
      [true, false],
      [false, true],
    ]);
    const done = await screen.findByTestId("erasure-report");
    expect(done.textContent).toContain("The person was erased");
    expect(done.textContent).toContain("1 backup in the data folder");
    expect(done.textContent).not.toContain("Ольга");
  });
});

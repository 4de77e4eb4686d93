// The Settings screen against a mocked Rust side: it says what start-up
// did, restoring a backup asks first and says the current database is saved
// aside, a logo is checked when chosen and saved with the rest, and the
// contact for a child and the support for staff are saved like the rest.
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { clearMocks } from "@tauri-apps/api/mocks";
import SettingsScreen from "./SettingsScreen.svelte";
import { mockBackend } from "../test/backend";
import type { BackupInfo, Course } from "../api";

const course = {
  organisation: {
    name: "Northshire Partnership",
    area: "Northshire",
    website: "northshire.example",
    childrenContact: "the NSPCC Helpline on 0808 800 5000",
    employeeSupport: "your manager or HR",
  },
  contacts: [
    { name: "Police emergency", number: "999", when: "" },
    { name: "Helpline", number: "08000 121 700", when: "24 hours" },
  ],
} as unknown as Course;

const backup: BackupInfo = { path: "/data/backups/signpost-2026-03-03.sqlite3", kind: "daily", date: "2026-03-03", bytes: 40960 };

/** What the open dialog answers next, in order. */
let chosen: string[] = [];

function backend(more: Record<string, (args: Record<string, unknown>) => unknown> = {}) {
  return mockBackend({
    get_settings: () => ({
      organisation: { name: "", area: "", website: "", childrenContact: "", employeeSupport: "" },
      logo: null,
      contacts: [],
      retentionMonths: 24,
      backupsToKeep: 14,
    }),
    save_settings: () => null,
    get_lrs_setup: () => ({ config: null, secretKept: false, noCredentialStore: null }),
    staff_lock: () => ({ set: false, locked: false }),
    "plugin:dialog|open": () => chosen.shift() ?? null,
    read_logo: ({ path }) => {
      if (String(path).endsWith(".csv")) {
        throw { code: "invalid_input", message: "The logo is not an image the app can show; use one of: png" };
      }
      return "data:image/png;base64,iVBORw==";
    },
    list_backups: () => [backup],
    get_startup_report: () => ({
      retention: { cutoff: "2024-03-04T00:00:00Z", sessions: 2, attempts: 0, progress: 0, certificates: 0, people: 1, backups: 0, heldBack: false },
      backup: "/data/backups/signpost-2026-03-04.sqlite3",
      abandonedWrites: ["/home/trainer/attendance.csv.partial"],
    }),
    restore_backup: () => ({
      restoredFrom: backup.path,
      savedCurrentAs: "/data/backups/signpost-before-restore-x.sqlite3",
      erasedAgain: 2,
    }),
    ...more,
  });
}

afterEach(() => {
  cleanup();
  clearMocks();
});

describe("the settings screen", () => {
  it("says what retention removed and which backup start-up made", async () => {
    backend();
    render(SettingsScreen);
    const report = await screen.findByTestId("startup-report");
    expect(report.textContent).toContain("Removed 2 sessions");
    expect(report.textContent).toContain("signpost-2026-03-04.sqlite3");
    expect(report.textContent).toContain("Removed an unfinished file");
    expect(report.textContent).toContain("/home/trainer/attendance.csv.partial");
  });

  it("holds retention back when every record is older than the period, and applies it only when asked", async () => {
    const retention = { cutoff: "2027-12-02T00:00:00Z", sessions: 0, attempts: 0, progress: 0, certificates: 0, people: 0, backups: 0 };
    const calls = backend({
      get_startup_report: () => ({ retention: { ...retention, heldBack: true }, backup: null, abandonedWrites: [] }),
      apply_retention: () => ({ ...retention, sessions: 3, people: 7, backups: 2, heldBack: false }),
    });
    render(SettingsScreen);
    const report = await screen.findByTestId("startup-report");
    expect(report.textContent).toContain("Nothing was removed (see below).");
    const held = screen.getByTestId("retention-held-back").textContent?.replace(/\s+/g, " ");
    expect(held).toContain("every record is older than the retention period");
    expect(held).toContain("Check the computer's date and time");
    await fireEvent.click(screen.getByRole("button", { name: "Apply retention now" }));
    expect(calls.some((c) => c.cmd === "apply_retention")).toBe(false);
    await fireEvent.click(screen.getByRole("button", { name: "Yes, delete the old records" }));
    expect(await screen.findByText(/Retention applied: Removed 3 sessions, 0 quiz attempts, .* 7 people and 2 backups/)).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Apply retention now" })).toBeNull();
  });

  it("saves a retention period typed as a number, and an emptied one as none (regression, issue 15)", async () => {
    const calls = backend();
    render(SettingsScreen);
    const months = (await screen.findByLabelText("Keep records for (months)")) as HTMLInputElement;
    await fireEvent.input(months, { target: { value: "6" } });
    await fireEvent.click(screen.getByRole("button", { name: "Save settings" }));
    await waitFor(() => expect(calls.filter((c) => c.cmd === "save_settings")).toHaveLength(1));
    const first = calls.find((c) => c.cmd === "save_settings")?.args as { settings: { retentionMonths: unknown } };
    expect(first.settings.retentionMonths).toBe(6);

    await fireEvent.input(months, { target: { value: "" } });
    await fireEvent.click(screen.getByRole("button", { name: "Save settings" }));
    await waitFor(() => expect(calls.filter((c) => c.cmd === "save_settings")).toHaveLength(2));
    const second = calls.filter((c) => c.cmd === "save_settings")[1].args as { settings: { retentionMonths: unknown } };
    expect(second.settings.retentionMonths).toBeNull();
  });

  it("names an emptied backup count beside its field and saves nothing until it is fixed", async () => {
    const calls = backend();
    render(SettingsScreen);
    const keep = (await screen.findByLabelText("Daily backups to keep")) as HTMLInputElement;
    await fireEvent.input(keep, { target: { value: "" } });
    expect(await screen.findByText("Type how many daily backups to keep, 1 or more.")).toBeTruthy();
    await fireEvent.click(screen.getByRole("button", { name: "Save settings" }));
    expect(calls.some((c) => c.cmd === "save_settings")).toBe(false);
    await fireEvent.input(keep, { target: { value: "7" } });
    expect(screen.queryByText("Type how many daily backups to keep, 1 or more.")).toBeNull();
    await fireEvent.click(screen.getByRole("button", { name: "Save settings" }));
    await waitFor(() => expect(calls.some((c) => c.cmd === "save_settings")).toBe(true));
    const saved = calls.find((c) => c.cmd === "save_settings")?.args as { settings: { backupsToKeep: unknown } };
    expect(saved.settings.backupsToKeep).toBe(7);
  });

  it("shows a backup's progress with a Cancel, and says a cancelled backup changed nothing", async () => {
    let fail: (reason: unknown) => void = () => {};
    const calls = mockBackend({
      get_startup_report: () => null,
      get_settings: () => ({
        organisation: { name: "", area: "", website: "", childrenContact: "", employeeSupport: "" },
        logo: null,
        contacts: [],
        retentionMonths: null,
        backupsToKeep: 14,
      }),
      list_backups: () => [],
      backup_now: () => new Promise((_, reject) => (fail = reject)),
      cancel_task: () => true,
    });
    render(SettingsScreen);
    const backUp = await screen.findByRole("button", { name: "Back up now" });
    await fireEvent.click(backUp);
    const bar = await screen.findByRole("group", { name: "Backing up" });
    expect((backUp as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.click(within(bar).getByRole("button", { name: /Cancel/ }));
    await waitFor(() => expect(calls.some((c) => c.cmd === "cancel_task")).toBe(true));
    fail({ code: "cancelled", message: "stopped before finishing" });
    expect(await screen.findByText("Backing up stopped; nothing was changed.")).toBeTruthy();
    expect(screen.queryByRole("group", { name: "Backing up" })).toBeNull();
  });

  it("restores a backup only after confirming, saving the current database aside and saying who was erased again", async () => {
    const calls = backend();
    render(SettingsScreen);
    await fireEvent.click(await screen.findByRole("button", { name: "Restore this backup" }));
    expect(screen.getByRole("group", { name: "Restore this backup" }).textContent).toContain("saved aside");
    expect(calls.some((c) => c.cmd === "restore_backup")).toBe(false);
    await fireEvent.click(screen.getByRole("button", { name: "Yes, restore it" }));
    await waitFor(() => expect(screen.getByText(/was saved as \/data\/backups\/signpost-before-restore/)).toBeTruthy());
    expect(screen.getByText(/The backup held 2 people erased since it was made; they have been erased from it again/)).toBeTruthy();
  });

  it("shows the course's own details until the organisation sets its own, then saves them", async () => {
    const calls = backend();
    let changed = 0;
    render(SettingsScreen, { course, onchanged: () => (changed += 1) });
    const name = (await screen.findByLabelText("Organisation name")) as HTMLInputElement;
    expect(name.placeholder).toBe("Northshire Partnership");
    expect(screen.getByText("Helpline: 08000 121 700 (24 hours)")).toBeTruthy();

    await fireEvent.input(name, { target: { value: "Southshire Council" } });
    await fireEvent.click(screen.getByRole("button", { name: "Change these contacts" }));
    const first = screen.getByRole("group", { name: "Contact 1" });
    expect((first.querySelector("input") as HTMLInputElement).value).toBe("Police emergency");
    await fireEvent.click(screen.getByRole("button", { name: "Remove contact 2" }));
    await fireEvent.click(screen.getByRole("button", { name: "Add a contact" }));
    const added = screen.getByRole("group", { name: "Contact 2" }).querySelectorAll("input");
    await fireEvent.input(added[0], { target: { value: "Safeguarding team" } });
    await fireEvent.input(added[1], { target: { value: "01234 567890" } });
    await fireEvent.click(screen.getByRole("button", { name: "Add a contact" }));
    await fireEvent.click(screen.getByRole("button", { name: "Save settings" }));

    await waitFor(() => expect(changed).toBe(1));
    const saved = calls.find((c) => c.cmd === "save_settings")?.args as { settings: { organisation: { name: string }; contacts: { name: string }[] } };
    expect(saved.settings.organisation.name).toBe("Southshire Council");
    expect(
      saved.settings.contacts.map((c) => c.name),
      "sent as shown, the empty line too, so numbers in messages match the screen",
    ).toEqual(["Police emergency", "Safeguarding team", ""]);
  });

  it("says which contact needs fixing beside the contacts, by the number shown, until it changes", async () => {
    mockBackend({
      get_settings: () => ({
        organisation: { name: "", area: "", website: "" },
        logo: null,
        contacts: [
          { name: "Police emergency", number: "999", when: "" },
          { name: "", number: "", when: "" },
          { name: "Helpline", number: "", when: "" },
        ],
        retentionMonths: null,
        backupsToKeep: 14,
      }),
      save_settings: () => {
        throw {
          code: "invalid_input",
          field: "contact",
          message: "contact 3 needs both a name and a number: fill in the one missing, or remove the contact",
        };
      },
      list_backups: () => [],
      get_startup_report: () => null,
    });
    render(SettingsScreen, { course });
    await fireEvent.click(await screen.findByRole("button", { name: "Save settings" }));
    const problem = await screen.findByText(/^Contact 3 needs both a name and a number/);
    expect(problem.closest("fieldset")).toBeTruthy();
    expect(screen.queryByText("That did not work")).toBeNull();
    const third = screen.getByRole("group", { name: "Contact 3" }).querySelectorAll("input");
    await fireEvent.input(third[1], { target: { value: "0800 000" } });
    expect(screen.queryByText(/^Contact 3 needs/)).toBeNull();
  });

  it("checks a chosen logo, shows it and saves it; a wrong file is named and changes nothing", async () => {
    const calls = backend();
    render(SettingsScreen, { course });
    const choose = async (label: string, path: string) => {
      chosen = [path];
      await fireEvent.click(await screen.findByRole("button", { name: label }));
    };
    expect(await screen.findByText("No logo chosen.")).toBeTruthy();
    await choose("Choose a logo…", "/home/me/logo.png");
    const logo = await screen.findByAltText("Your organisation's logo");
    expect(logo.getAttribute("src")).toBe("data:image/png;base64,iVBORw==");

    await choose("Choose another logo…", "/home/me/roster.csv");
    expect((await screen.findByRole("alert")).textContent).toContain("The logo is not an image");
    expect(screen.getByAltText("Your organisation's logo").getAttribute("src")).toBe("data:image/png;base64,iVBORw==");

    await fireEvent.click(screen.getByRole("button", { name: "Save settings" }));
    await waitFor(() => expect(calls.some((c) => c.cmd === "save_settings")).toBe(true));
    const saved = calls.find((c) => c.cmd === "save_settings")?.args as { settings: { logo: string | null } };
    expect(saved.settings.logo).toBe("data:image/png;base64,iVBORw==");

    await fireEvent.click(screen.getByRole("button", { name: "Remove the logo" }));
    expect(screen.getByText("No logo chosen.")).toBeTruthy();
  });

  it("saves who staff tell about a child and where upset staff can turn, showing the course's own until then", async () => {
    const calls = backend();
    render(SettingsScreen, { course });
    const child = (await screen.findByLabelText("Who staff tell about a child")) as HTMLInputElement;
    expect(child.placeholder).toBe("the NSPCC Helpline on 0808 800 5000");
    const support = screen.getByLabelText(/Support for staff/) as HTMLInputElement;
    expect(support.placeholder).toBe("your manager or HR");
    await fireEvent.input(child, { target: { value: "Northshire Children's Services on 0300 000 0000" } });
    await fireEvent.input(support, { target: { value: "Staff support line, 0800 000 0000" } });
    await fireEvent.click(screen.getByRole("button", { name: "Save settings" }));
    await waitFor(() => expect(calls.some((c) => c.cmd === "save_settings")).toBe(true));
    const saved = calls.find((c) => c.cmd === "save_settings")?.args as {
      settings: { organisation: { childrenContact: string; employeeSupport: string } };
    };
    expect(saved.settings.organisation.childrenContact).toBe("Northshire Children's Services on 0300 000 0000");
    expect(saved.settings.organisation.employeeSupport).toBe("Staff support line, 0800 000 0000");
  });
});

// The Settings screen against a mocked Rust side: it says what start-up
// did, and restoring a backup asks first and says the current database is
// saved aside.
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { clearMocks } from "@tauri-apps/api/mocks";
import SettingsScreen from "./SettingsScreen.svelte";
import { mockBackend } from "../test/backend";

const backup = { path: "/data/backups/signpost-2026-03-03.sqlite3", date: "2026-03-03", bytes: 40960 };

function backend() {
  return mockBackend({
    get_settings: () => ({ organisationName: "Herts", logoPath: null, contacts: [], retentionMonths: 24, backupsToKeep: 14 }),
    list_backups: () => [backup],
    get_startup_report: () => ({
      retention: { cutoff: "2024-03-04T00:00:00Z", sessions: 2, attempts: 0, progress: 0, certificates: 0, people: 1 },
      backup: "/data/backups/signpost-2026-03-04.sqlite3",
    }),
    restore_backup: () => ({ restoredFrom: backup.path, savedCurrentAs: "/data/backups/signpost-before-restore-x.sqlite3" }),
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
  });

  it("restores a backup only after confirming, saving the current database aside", async () => {
    const calls = backend();
    render(SettingsScreen);
    await fireEvent.click(await screen.findByRole("button", { name: "Restore this backup" }));
    expect(screen.getByRole("group", { name: "Restore this backup" }).textContent).toContain("saved aside");
    expect(calls.some((c) => c.cmd === "restore_backup")).toBe(false);
    await fireEvent.click(screen.getByRole("button", { name: "Yes, restore it" }));
    await waitFor(() => expect(screen.getByText(/was saved as \/data\/backups\/signpost-before-restore/)).toBeTruthy());
  });
});

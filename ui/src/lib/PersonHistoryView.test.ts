// A person's history against a mocked Rust side: erasing asks first, names
// what will go, and reports what was cleaned without the name.
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { clearMocks } from "@tauri-apps/api/mocks";
import ErasureReport from "./ErasureReport.svelte";
import PersonHistoryView from "./PersonHistoryView.svelte";
import { mockBackend } from "../test/backend";
import type { EraseReport, PersonHistory } from "../api";

const history: PersonHistory = {
  person: {
    id: "p1",
    name: "مريم الحسيني",
    organisation: "Herts Council",
    team: "",
    jobRole: "Nurse",
    email: null,
    createdAt: "2026-01-01T10:00:00Z",
  },
  sessions: [
    {
      session: {
        id: "s1",
        title: "Morning session",
        courseTitle: "Course",
        courseVersion: "1",
        date: "2026-03-04",
        startTime: "09:30:00",
        endTime: null,
        location: "",
        trainer: "",
        status: "closed",
        createdAt: "2026-03-04T09:00:00Z",
        closedAt: null,
      },
      status: "late",
      signedInAt: "2026-03-04T09:45:00Z",
    },
  ],
  attempts: [],
  certificates: [],
  progress: [],
  completions: [],
};

afterEach(() => {
  cleanup();
  clearMocks();
});

describe("a person's history", () => {
  it("shows their sessions with the status they had", async () => {
    mockBackend({ person_history: () => history });
    render(PersonHistoryView, { personId: "p1", onback: () => {}, onerased: () => {} });
    expect(await screen.findByRole("heading", { level: 1, name: "مريم الحسيني" })).toBeTruthy();
    expect(screen.getByText("Late")).toBeTruthy();
  });

  it("lists only the details they gave, separated once", async () => {
    mockBackend({ person_history: () => history });
    const { container } = render(PersonHistoryView, { personId: "p1", onback: () => {}, onerased: () => {} });
    await screen.findByRole("heading", { level: 1 });
    expect(container.querySelector(".person-details")?.textContent?.trim()).toBe("Herts Council · Nurse");
  });

  it("names each quiz attempt's module by its title in the course", async () => {
    const attempt = (id: string, moduleId: string) => ({
      id,
      personId: "p1",
      sessionId: null,
      moduleId,
      courseTitle: "Course",
      courseVersion: "1",
      score: 4,
      total: 5,
      percent: 80,
      passed: true,
      seed: null,
      startedAt: "2026-03-04T09:00:00Z",
      finishedAt: "2026-03-04T09:10:00Z",
    });
    mockBackend({
      person_history: () => ({ ...history, attempts: [attempt("a1", "forms"), attempt("a2", "retired")] }),
      get_course: () => ({ modules: [{ id: "forms", title: "Forms of exploitation" }] }),
    });
    render(PersonHistoryView, { personId: "p1", onback: () => {}, onerased: () => {} });
    const table = await screen.findByTestId("history-attempts");
    await waitFor(() => expect(table.textContent).toContain("Forms of exploitation"));
    expect(table.textContent).not.toContain("forms");
    expect(table.textContent).toContain("retired");
  });

  it("says why a certificate cannot be issued before asking where to save it", async () => {
    const calls = mockBackend({
      person_history: () => history,
      check_certificate: () => {
        throw { code: "invalid_input", message: "مريم الحسيني has not passed every module's quiz yet (still to pass: Welcome)" };
      },
    });
    render(PersonHistoryView, { personId: "p1", onback: () => {}, onerased: () => {} });
    await fireEvent.click(await screen.findByRole("button", { name: "Issue a certificate of completion…" }));
    await screen.findByText(/has not passed every module's quiz yet/);
    expect(calls.map((c) => c.cmd).filter((cmd) => cmd !== "get_course")).toEqual(["person_history", "check_certificate"]);
  });

  it("shows the staff number a learner gave", async () => {
    mockBackend({ person_history: () => ({ ...history, person: { ...history.person, staffNumber: "E77" } }) });
    const { container } = render(PersonHistoryView, { personId: "p1", onback: () => {}, onerased: () => {} });
    await screen.findByRole("heading", { level: 1 });
    expect(container.querySelector(".person-details")?.textContent?.trim()).toBe("Herts Council · Nurse · staff number E77");
  });

  const report: EraseReport = {
    personId: "p1",
    backupsCleaned: ["/data/backups/signpost-2026-03-03.sqlite3", "/data/backups/copy.db"],
    backupsDeleted: [],
    notCleaned: [],
    writtenBefore: [
      { path: "/home/me/attendance.csv", at: "2026-03-03T10:00:00Z", action: "export", exists: true },
      { path: "/media/usb/old.sqlite3", at: "2026-03-01T10:00:00Z", action: "backup", exists: false },
    ],
    lrsEndpoints: ["https://lrs.example.org/xAPI"],
  };

  it("asks before erasing, naming what will be removed", async () => {
    const calls = mockBackend({
      person_history: () => history,
      erase_person: () => report,
    });
    const onerased = vi.fn();
    render(PersonHistoryView, { personId: "p1", onback: () => {}, onerased });
    await fireEvent.click(await screen.findByRole("button", { name: "Erase this person" }));
    const question = screen.getByRole("group", { name: "Erase this person" });
    expect(question.textContent).toContain("مريم الحسيني");
    expect(question.textContent).toContain("1 register entry");
    expect(question.textContent).toContain("0 quiz attempts");
    expect(calls.some((c) => c.cmd === "erase_person")).toBe(false);

    await fireEvent.click(screen.getByRole("button", { name: "Yes, erase everything about them" }));
    await waitFor(() => expect(onerased).toHaveBeenCalledOnce());
    expect(onerased.mock.calls[0][0]).toEqual(report);
  });

  it("says an erasure that stopped part-way carries on when asked again, and finishes it", async () => {
    let tries = 0;
    mockBackend({
      person_history: () => history,
      erase_person: () => {
        tries += 1;
        if (tries === 1) throw { code: "file", message: "cannot remove the uncleanable backup /data/backups/x.sqlite3" };
        return report;
      },
    });
    const onerased = vi.fn();
    render(PersonHistoryView, { personId: "p1", onback: () => {}, onerased });
    const erase = async () => {
      await fireEvent.click(await screen.findByRole("button", { name: "Erase this person" }));
      await fireEvent.click(screen.getByRole("button", { name: "Yes, erase everything about them" }));
    };
    await erase();
    expect(await screen.findByText("Erasing did not finish")).toBeTruthy();
    expect(screen.getByText(/carries on where it stopped/)).toBeTruthy();
    expect(onerased).not.toHaveBeenCalled();
    await erase();
    await waitFor(() => expect(onerased).toHaveBeenCalledOnce());
  });

  it("names every backup cleaned and every file written elsewhere that may still hold the person", async () => {
    const { container } = render(ErasureReport, { report });
    const text = container.textContent ?? "";
    expect(text).toContain("2 backups in the data folder");
    expect(text).toContain("/data/backups/copy.db");
    expect(text).toContain("/home/me/attendance.csv");
    expect(text).toContain("still there");
    expect(text).toContain("no longer there");
    expect(text).toContain("One of them is still there: delete it");
    expect(text).not.toContain("مريم");
  });

  it("names each Learning Record Store the person's statements may also be in", async () => {
    const { container } = render(ErasureReport, { report });
    const lrs = container.querySelector("[data-testid=erasure-lrs]")?.parentElement?.textContent ?? "";
    expect(lrs).toContain("https://lrs.example.org/xAPI");
    expect(lrs).toContain("Signpost cannot erase them there");
    const none = render(ErasureReport, { report: { ...report, lrsEndpoints: [] } });
    expect(none.container.querySelector("[data-testid=erasure-lrs]")).toBeNull();
  });
});

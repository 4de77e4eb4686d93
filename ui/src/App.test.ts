// The app frame against a mocked Rust side: what a person sees when the
// course and records load, and when either fails.
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import App from "./App.svelte";
import type { ApiError, BackupInfo, Course, DatabaseInfo } from "./api";

const course: Course = {
  title: "Basic Modern Slavery Awareness Training",
  version: "2026.1",
  passMark: 80,
  organisation: { name: "Hertfordshire Modern Slavery Partnership", area: "Hertfordshire", website: "", childrenContact: "", employeeSupport: "" },
  contacts: [],
  logo: null,
  modules: [
    { id: "welcome", file: "01-welcome.md", title: "Welcome", minutes: 10, objectives: ["Know how the course works"], questionsPerAttempt: 0, slides: [], questions: [] },
    { id: "what", file: "02-what.md", title: "What modern slavery is", minutes: 15, objectives: [], questionsPerAttempt: 0, slides: [], questions: [] },
  ],
  broken: [
    {
      file: "03-broken.md",
      title: "Spotting the signs",
      problems: [{ severity: "error", file: "03-broken.md", line: 12, message: "a question has no right answer" }],
    },
  ],
  problems: [],
};

const database: DatabaseInfo = { path: "/tmp/data/signpost.sqlite3", schemaVersion: 1, readOnly: null };

function mockBackend(responses: Record<string, () => unknown>) {
  mockIPC((cmd) => {
    const respond = responses[cmd];
    if (!respond) throw new Error(`unexpected command ${cmd}`);
    return respond();
  });
}

afterEach(() => {
  cleanup();
  clearMocks();
});

describe("the way in for learners", () => {
  it("refuses an empty name without calling the library, then starts on the learner's own home", async () => {
    const calls: string[] = [];
    mockIPC((cmd, args) => {
      calls.push(cmd);
      if (cmd === "get_course") return course;
      if (cmd === "get_database") return database;
      if (cmd === "start_learner") {
        const details = (args as { details: { name: string } }).details;
        return { personId: "p1", name: details.name.trim(), new: true };
      }
      if (cmd === "learner_overview")
        return {
          personId: "p1",
          name: "דוד כהן",
          courseTitle: course.title,
          courseVersion: course.version,
          passMark: 80,
          modules: [],
          resume: null,
          completed: null,
        };
      throw new Error(`unexpected ${cmd}`);
    });
    render(App);
    const form = (await screen.findByRole("heading", { name: "Start the training" })).closest("form")!;
    await fireEvent.input(within(form).getByLabelText("Your name"), { target: { value: "   " } });
    await fireEvent.click(within(form).getByRole("button", { name: "Start the training" }));
    expect(await screen.findByText("Type your name to start.")).toBeTruthy();
    expect(calls).not.toContain("start_learner");
    await fireEvent.input(within(form).getByLabelText("Your name"), { target: { value: " דוד כהן " } });
    await fireEvent.click(within(form).getByRole("button", { name: "Start the training" }));
    expect((await screen.findByTestId("learner-name")).textContent).toBe("דוד כהן");
    await fireEvent.click(screen.getByRole("button", { name: "Sign out" }));
    expect(await screen.findByRole("heading", { name: "Continue your training" })).toBeTruthy();
    expect(document.body.textContent).not.toContain("דוד כהן");
  });
});

describe("the home screen", () => {
  it("lists every module with its minutes and the total", async () => {
    mockBackend({ get_course: () => course, get_database: () => database });
    render(App);
    expect(await screen.findByRole("heading", { level: 1, name: course.title })).toBeTruthy();
    const modules = screen.getByRole("region", { name: "Modules" });
    const titles = within(modules).getAllByRole("heading", { level: 3 }).map((h) => h.textContent);
    expect(titles).toEqual(["Welcome", "What modern slavery is"]);
    expect(screen.getByText(/about 25 minutes/)).toBeTruthy();
  });

  it("shows the organisation's logo once Settings has one", async () => {
    const logo = "data:image/svg+xml;base64,PHN2Zy8+";
    mockBackend({ get_course: () => ({ ...course, logo }), get_database: () => database });
    render(App);
    const img = await screen.findByAltText("Hertfordshire Modern Slavery Partnership logo");
    expect(img.getAttribute("src")).toBe(logo);
  });

  it("names a broken module, its file and line, and keeps the rest", async () => {
    mockBackend({ get_course: () => course, get_database: () => database });
    render(App);
    await screen.findByText("Modules that could not be loaded");
    expect(screen.getByText("03-broken.md:12")).toBeTruthy();
    expect(screen.getByText(/a question has no right answer/)).toBeTruthy();
    expect(screen.getAllByTestId("module")).toHaveLength(2);
  });

  it("says where the records are kept", async () => {
    mockBackend({ get_course: () => course, get_database: () => database });
    render(App);
    const footer = await screen.findByTestId("data-location");
    expect(footer.textContent).toContain(database.path);
  });
});

describe("when something cannot be opened", () => {
  it("explains a newer database and still shows the course", async () => {
    const error: ApiError = { code: "database_newer", message: "made by a newer version of Signpost" };
    mockBackend({
      get_course: () => course,
      get_database: () => {
        throw error;
      },
    });
    render(App);
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("Your training records cannot be opened");
    expect(alert.textContent).toContain("made by a newer version of Signpost");
    expect(screen.getAllByTestId("module")).toHaveLength(2);
  });

  it("explains a missing course folder instead of showing a blank window", async () => {
    const error: ApiError = { code: "course_folder_unreadable", message: "the course folder /x cannot be read" };
    mockBackend({
      get_course: () => {
        throw error;
      },
      get_database: () => database,
    });
    render(App);
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("The course cannot be loaded");
    expect(alert.textContent).toContain("/x cannot be read");
  });
});

describe("the top bar", () => {
  it("offers the course, sessions, records, certificate checking and settings", async () => {
    mockBackend({ get_course: () => course, get_database: () => database });
    render(App);
    const nav = await screen.findByRole("navigation", { name: "Signpost" });
    const entries = Array.from(nav.querySelectorAll("button")).map((b) => b.textContent);
    expect(entries).toEqual(["Course", "Sessions", "Records", "Verify", "Settings"]);
  });

  it("offers only the course and certificate checking when the records cannot be opened", async () => {
    mockBackend({
      get_course: () => course,
      get_database: () => {
        throw { code: "database_newer", message: "newer" };
      },
    });
    render(App);
    const nav = await screen.findByRole("navigation", { name: "Signpost" });
    expect(Array.from(nav.querySelectorAll("button")).map((b) => b.textContent)).toEqual([
      "Course",
      "Verify",
    ]);
  });
});

describe("the staff lock", () => {
  it("asks for the staff passphrase before Records, opens them with it, and Lock closes them again", async () => {
    let locked = true;
    const calls: string[] = [];
    mockIPC((cmd, args) => {
      calls.push(cmd);
      if (cmd === "get_course") return course;
      if (cmd === "get_database") return database;
      if (cmd === "staff_lock") return { set: true, locked };
      if (cmd === "lock_staff") {
        locked = true;
        return { set: true, locked };
      }
      if (cmd === "unlock_staff") {
        if ((args as { passphrase: string }).passphrase !== "kettle on at four")
          throw { code: "wrong_passphrase", message: "that is not the staff passphrase" };
        locked = false;
        return { set: true, locked };
      }
      if (cmd === "search_sessions" || cmd === "search_people" || cmd === "possible_duplicates") {
        if (locked) throw { code: "locked", message: "locked" };
        return cmd === "possible_duplicates" ? [] : { total: 0, items: [], people: [], sessions: [] };
      }
      return null;
    });
    render(App);
    const nav = await screen.findByRole("navigation", { name: "Signpost" });
    expect(within(nav).queryByRole("button", { name: "Lock" })).toBeNull();
    await fireEvent.click(within(nav).getByRole("button", { name: "Records" }));

    expect(await screen.findByRole("heading", { name: "For staff only" })).toBeTruthy();
    expect(calls).not.toContain("search_people");
    const field = screen.getByLabelText("Staff passphrase");
    await fireEvent.input(field, { target: { value: "guess" } });
    await fireEvent.submit(field.closest("form")!);
    expect(await screen.findByText(/That is not the staff passphrase/)).toBeTruthy();

    await fireEvent.input(field, { target: { value: "kettle on at four" } });
    await fireEvent.submit(field.closest("form")!);
    await waitFor(() => expect(screen.queryByRole("heading", { name: "For staff only" })).toBeNull());
    expect(screen.queryByTestId("no-staff-passphrase")).toBeNull();

    await fireEvent.click(await within(nav).findByRole("button", { name: "Lock" }));
    await waitFor(() => expect(calls).toContain("lock_staff"));
    await waitFor(() => expect(within(nav).queryByRole("button", { name: "Lock" })).toBeNull());
    expect(within(nav).getByRole("button", { name: "Course" }).getAttribute("aria-current")).toBe("page");
    await fireEvent.click(within(nav).getByRole("button", { name: "Settings" }));
    expect(await screen.findByRole("heading", { name: "For staff only" })).toBeTruthy();
  });
});

describe("the staff lock left open", () => {
  afterEach(() => vi.useRealTimers());

  it("locks after 15 minutes without a key or the pointer, and not while someone works", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let locked = false;
    mockIPC((cmd) => {
      if (cmd === "get_course") return course;
      if (cmd === "get_database") return database;
      if (cmd === "staff_lock") return { set: true, locked };
      if (cmd === "lock_staff") {
        locked = true;
        return { set: true, locked };
      }
      return null;
    });
    render(App);
    const nav = await screen.findByRole("navigation", { name: "Signpost" });
    await within(nav).findByRole("button", { name: "Lock" });

    await vi.advanceTimersByTimeAsync(14 * 60_000);
    await fireEvent.keyDown(window, { key: "ArrowDown" });
    await vi.advanceTimersByTimeAsync(14 * 60_000);
    expect(locked).toBe(false);

    await vi.advanceTimersByTimeAsync(60_000);
    await waitFor(() => expect(locked).toBe(true));
    await waitFor(() => expect(within(nav).queryByRole("button", { name: "Lock" })).toBeNull());
  });
});

describe("a damaged records database", () => {
  it("says the file was not changed, offers the backups, and reloads after a restore", async () => {
    let restored = false;
    const backup: BackupInfo = { path: "/data/backups/signpost-2026-03-03.sqlite3", kind: "daily", date: "2026-03-03", bytes: 40960 };
    mockIPC((cmd, args) => {
      if (cmd === "get_course") return course;
      if (cmd === "get_database") {
        if (restored) return database;
        throw { code: "database_corrupt", message: "the records database is damaged" };
      }
      if (cmd === "list_backups") return [backup];
      if (cmd === "restore_damaged_database") {
        expect(args).toEqual({ path: backup.path });
        restored = true;
        return { restoredFrom: backup.path, savedCurrentAs: "/data/damaged/x.sqlite3", erasedAgain: 0 };
      }
      throw new Error(`unexpected command ${cmd}`);
    });
    render(App);
    expect(await screen.findByRole("heading", { name: "Your training records are damaged" })).toBeTruthy();
    expect(screen.getByText("The damaged file has not been changed.")).toBeTruthy();
    expect(await screen.findByText("Daily backup of 3 Mar 2026")).toBeTruthy();

    await fireEvent.click(screen.getByRole("button", { name: "Restore this backup" }));
    await fireEvent.click(screen.getByRole("button", { name: "Yes, restore it" }));
    await waitFor(() => expect(restored).toBe(true));
    const nav = await screen.findByRole("navigation", { name: "Signpost" });
    await waitFor(() => expect(nav.textContent).toContain("Records"));
    expect(screen.queryByText("Your training records are damaged")).toBeNull();
  });

  it("restores from a backup kept elsewhere, chosen in the open dialog", async () => {
    const restoredFrom: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === "get_course") return course;
      if (cmd === "get_database") {
        if (restoredFrom.length > 0) return database;
        throw { code: "database_corrupt", message: "the records database is damaged" };
      }
      if (cmd === "list_backups") return [];
      if (cmd === "plugin:dialog|open") return "/media/usb/records.sqlite3";
      if (cmd === "restore_damaged_database") {
        restoredFrom.push((args as { path: string }).path);
        return { restoredFrom: "/media/usb/records.sqlite3", savedCurrentAs: null, erasedAgain: 0 };
      }
      throw new Error(`unexpected command ${cmd}`);
    });
    render(App);
    expect(await screen.findByText(/No backups yet/)).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Restore this file" }), "nothing to restore until a file is chosen").toBeNull();
    await fireEvent.click(screen.getByRole("button", { name: "Choose a backup file…" }));
    expect((await screen.findByTestId("chosen-backup")).textContent).toBe("/media/usb/records.sqlite3");
    await fireEvent.click(screen.getByRole("button", { name: "Restore this file" }));
    expect(screen.getByRole("group", { name: "Restore this file" }).textContent).toContain(
      "/media/usb/records.sqlite3",
    );
    await fireEvent.click(screen.getByRole("button", { name: "Yes, restore it" }));
    await waitFor(() => expect(restoredFrom).toEqual(["/media/usb/records.sqlite3"]));
  });
});

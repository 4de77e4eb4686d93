// A session's register against a mocked Rust side: an open register
// changes at once; a closed one asks for a reason and lists the correction.
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { clearMocks } from "@tauri-apps/api/mocks";
import SessionDetail from "./SessionDetail.svelte";
import { mockBackend } from "../test/backend";
import type { Correction, Register } from "../api";

function register(status: "open" | "closed"): Register {
  return {
    session: {
      id: "s1", title: "Morning session", courseTitle: "Course", courseVersion: "1",
      date: "2026-03-04", startTime: "09:30:00", endTime: null, location: "Room 1",
      trainer: "Tess", status, createdAt: "2026-03-04T09:00:00Z", closedAt: null,
    },
    entries: [
      {
        attendanceId: "a1",
        person: { id: "p1", name: "王小明", organisation: "Herts", team: "", jobRole: "", email: null, createdAt: "2026-03-04T09:00:00Z" },
        status: "present", signedInAt: "2026-03-04T09:31:00Z", source: "kiosk",
        updatedAt: "2026-03-04T09:31:00Z", corrections: 0, foundBy: "王小明\nherts",
      },
    ],
  };
}

afterEach(() => {
  cleanup();
  clearMocks();
});

describe("a session's register", () => {
  it("changes a mark at once while the session is open", async () => {
    const calls = mockBackend({
      get_register: () => register("open"),
      list_corrections: () => [],
      set_attendance: () => null,
    });
    render(SessionDetail, { sessionId: "s1", onback: () => {}, onkiosk: () => {} });
    const select = await screen.findByLabelText("Status of 王小明");
    await fireEvent.change(select, { target: { value: "late" } });
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === "set_attendance")?.args).toEqual({
        sessionId: "s1", personId: "p1", status: "late", reason: null,
      }),
    );
  });

  it("shows the register as last stored when an older reload answers last", async () => {
    const marked = (status: "present" | "late" | "absent") => {
      const r = register("open");
      r.entries[0].status = status;
      return r;
    };
    let reads = 0;
    mockBackend({
      get_register: () => {
        reads += 1;
        if (reads === 1) return marked("present");
        // The reload after "late" is slow; the one after "absent" is not.
        if (reads === 2) return new Promise((done) => setTimeout(() => done(marked("late")), 150));
        return marked("absent");
      },
      list_corrections: () => [],
      set_attendance: () => null,
    });
    render(SessionDetail, { sessionId: "s1", onback: () => {}, onkiosk: () => {} });
    const select = (await screen.findByLabelText("Status of 王小明")) as HTMLSelectElement;
    await fireEvent.change(select, { target: { value: "late" } });
    await fireEvent.change(select, { target: { value: "absent" } });
    await waitFor(() => expect(reads).toBe(3));
    await new Promise((done) => setTimeout(done, 250));
    expect((screen.getByLabelText("Status of 王小明") as HTMLSelectElement).value).toBe("absent");
  });

  it("adds someone by hand with the mark the trainer chose", async () => {
    const calls = mockBackend({
      get_register: () => register("open"),
      list_corrections: () => [],
      add_to_register: (args) => ({
        id: "p2", name: (args.details as { name: string }).name, organisation: "", team: "",
        jobRole: "", email: null, createdAt: "2026-03-04T10:00:00Z",
      }),
    });
    render(SessionDetail, { sessionId: "s1", onback: () => {}, onkiosk: () => {} });
    const form = await screen.findByRole("region", { name: "Add someone by hand" });
    const within = (label: string) => form.querySelector(`[name="${label}"]`) as HTMLInputElement;
    await fireEvent.input(within("add-name"), { target: { value: "Agnieszka Wójcik" } });
    await fireEvent.input(within("add-email"), { target: { value: " " } });
    await fireEvent.change(within("add-status"), { target: { value: "late" } });
    await fireEvent.submit(form.querySelector("form")!);
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === "add_to_register")?.args).toEqual({
        sessionId: "s1",
        details: { name: "Agnieszka Wójcik", organisation: "", team: "", jobRole: "", email: null },
        status: "late",
      }),
    );
    expect(await screen.findByText("Agnieszka Wójcik is on the register.")).toBeTruthy();
    expect(within("add-name").value, "the form clears for the next person").toBe("");
    expect(calls.filter((c) => c.cmd === "get_register").length, "the register is read again").toBe(2);
  });

  it("asks for a reason once closed and lists the correction", async () => {
    const corrections: Correction[] = [];
    const calls = mockBackend({
      get_register: () => register("closed"),
      list_corrections: () => corrections,
      set_attendance: (args) => {
        const c: Correction = { id: "c1", attendanceId: "a1", oldStatus: "present", newStatus: "left_early", reason: String(args.reason), at: "2026-03-04T12:00:00Z" };
        corrections.push(c);
        return c;
      },
    });
    render(SessionDetail, { sessionId: "s1", onback: () => {}, onkiosk: () => {} });
    await fireEvent.change(await screen.findByLabelText("Status of 王小明"), { target: { value: "left_early" } });
    expect(calls.some((c) => c.cmd === "set_attendance")).toBe(false);
    const reason = screen.getByLabelText(/Reason for changing 王小明 from Present to Left early/);
    await fireEvent.input(reason, { target: { value: "Left at the break" } });
    await fireEvent.click(screen.getByRole("button", { name: "Save correction" }));
    expect(await screen.findByText(/Left at the break/)).toBeTruthy();
    expect(screen.getByRole("heading", { name: "Corrections after closing" })).toBeTruthy();
  });

  it("puts the mark back to what is stored after Cancel, and asks for a reason again", async () => {
    const calls = mockBackend({
      get_register: () => register("closed"),
      list_corrections: () => [],
      set_attendance: () => null,
    });
    render(SessionDetail, { sessionId: "s1", onback: () => {}, onkiosk: () => {} });
    const status = () => screen.getByLabelText("Status of 王小明") as HTMLSelectElement;
    await screen.findByLabelText("Status of 王小明");
    await fireEvent.change(status(), { target: { value: "absent" } });
    await fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(status().value, "the stored mark shows again").toBe("present"));
    await waitFor(() => expect(document.activeElement, "the focus goes back to the mark").toBe(status()));
    expect(screen.queryByLabelText(/Reason for changing/)).toBeNull();
    await fireEvent.change(status(), { target: { value: "absent" } });
    expect(screen.getByLabelText(/Reason for changing 王小明 from Present to Absent/)).toBeTruthy();
    expect(calls.some((c) => c.cmd === "set_attendance")).toBe(false);
  });

  it("keeps the reason row open with the refusal beside it, then reverts on Cancel", async () => {
    mockBackend({
      get_register: () => register("closed"),
      list_corrections: () => [],
      set_attendance: () => {
        throw {
          code: "invalid_input",
          field: "reason",
          message: "reason is needed: say why a closed register is being changed",
        };
      },
    });
    render(SessionDetail, { sessionId: "s1", onback: () => {}, onkiosk: () => {} });
    const status = () => screen.getByLabelText("Status of 王小明") as HTMLSelectElement;
    await fireEvent.change(await screen.findByLabelText("Status of 王小明"), { target: { value: "absent" } });
    await fireEvent.click(screen.getByRole("button", { name: "Save correction" }));
    const problem = await screen.findByText(/Reason is needed: say why/);
    const reason = screen.getByLabelText(/Reason for changing/);
    expect(reason.getAttribute("aria-describedby")).toBe(problem.id);
    expect(screen.queryByText("Something went wrong with this session")).toBeNull();
    await fireEvent.input(reason, { target: { value: "x" } });
    expect(screen.queryByText(/Reason is needed/), "the message goes once the field changes").toBeNull();
    expect(status().value, "the change waits, shown with its reason row").toBe("absent");
    await fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(status().value).toBe("present"));
  });

  it("shows the date of a sign-in made on another day than the session's", async () => {
    mockBackend({
      get_register: () => {
        const r = register("open");
        r.entries[0].signedInAt = "2026-03-06T12:00:00Z";
        return r;
      },
      list_corrections: () => [],
    });
    render(SessionDetail, { sessionId: "s1", onback: () => {}, onkiosk: () => {} });
    expect(await screen.findByText(/6 Mar 2026/)).toBeTruthy();
  });

  it("moves the focus to the session's heading when it opens", async () => {
    mockBackend({ get_register: () => register("open"), list_corrections: () => [] });
    render(SessionDetail, { sessionId: "s1", onback: () => {}, onkiosk: () => {} });
    const heading = await screen.findByRole("heading", { name: "Morning session", level: 1 });
    await waitFor(() => expect(document.activeElement).toBe(heading));
  });
});

// Creating a session against a mocked Rust side: a refused field is named
// beside it and the message goes once it is fixed; a date over a year back
// is created only after the trainer confirms it.
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { clearMocks } from "@tauri-apps/api/mocks";
import NewSessionForm from "./NewSessionForm.svelte";
import { mockBackend } from "../test/backend";
import type { NewSession } from "../api";

afterEach(() => {
  cleanup();
  clearMocks();
});

const created = (session: NewSession) => ({
  ...session,
  id: "s1",
  status: "open",
  createdAt: "2026-03-04T09:00:00Z",
  closedAt: null,
});

describe("creating a session", () => {
  it("says a missing title beside the Title field, and stops saying it once there is one", async () => {
    mockBackend({
      create_session: (args) => {
        const session = args.session as NewSession;
        if (!session.title.trim()) throw { code: "invalid_input", field: "title", message: "title is needed" };
        return created(session);
      },
    });
    render(NewSessionForm, { course: undefined, oncreated: () => {} });
    await fireEvent.click(screen.getByRole("button", { name: "Create session" }));
    const problem = await screen.findByText("Title is needed.");
    const title = screen.getByLabelText("Title") as HTMLInputElement;
    expect(title.getAttribute("aria-describedby")).toBe(problem.id);
    await fireEvent.input(title, { target: { value: "Morning session" } });
    expect(screen.queryByText("Title is needed.")).toBeNull();
  });

  it("asks before creating a session dated more than a year back", async () => {
    const calls = mockBackend({ create_session: (args) => created(args.session as NewSession) });
    const oncreated = vi.fn();
    render(NewSessionForm, { course: undefined, oncreated });
    await fireEvent.input(screen.getByLabelText("Title"), { target: { value: "Old session" } });
    await fireEvent.input(screen.getByLabelText("Trainer"), { target: { value: "Tess" } });
    await fireEvent.input(screen.getByLabelText("Date"), { target: { value: "2020-03-04" } });
    await fireEvent.click(screen.getByRole("button", { name: "Create session" }));
    expect(await screen.findByText(/dated 4 Mar 2020, more than a year ago/)).toBeTruthy();
    expect(calls.some((c) => c.cmd === "create_session")).toBe(false);
    await fireEvent.click(screen.getByRole("button", { name: "Yes, create it" }));
    await waitFor(() => expect(oncreated).toHaveBeenCalledOnce());
    expect((calls.find((c) => c.cmd === "create_session")!.args.session as NewSession).date).toBe("2020-03-04");
  });
});

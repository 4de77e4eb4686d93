// The sign-in kiosk against a mocked Rust side: it thanks the person by
// first name, clears for the next, never shows anyone else, and only ends
// after a confirmation.
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { clearMocks } from "@tauri-apps/api/mocks";
import Kiosk from "./Kiosk.svelte";
import { mockBackend } from "../test/backend";
import type { PersonDetails, TrainingSession } from "../api";

const session: TrainingSession = {
  id: "5f0c1e8e-0000-4000-8000-000000000001",
  title: "Morning session",
  courseTitle: "Basic Modern Slavery Awareness Training",
  courseVersion: "1",
  date: "2026-03-04",
  startTime: "09:30:00",
  endTime: null,
  location: "Room 1",
  trainer: "Tess",
  status: "open",
  createdAt: "2026-03-04T09:00:00Z",
  closedAt: null,
};

function signInBackend() {
  return mockBackend({
    sign_in: (args) => {
      const details = args.details as PersonDetails;
      return {
        person: { ...details, id: crypto.randomUUID(), createdAt: "2026-03-04T09:31:00Z" },
        attendanceId: crypto.randomUUID(),
        status: "present",
        signedInAt: "2026-03-04T09:31:00Z",
        newPerson: true,
        alreadySignedIn: false,
      };
    },
  });
}

async function signInAs(name: string) {
  const field = screen.getByLabelText(/^Name/) as HTMLInputElement;
  await fireEvent.input(field, { target: { value: name } });
  await fireEvent.submit(field.form!);
}

afterEach(() => {
  cleanup();
  clearMocks();
  vi.useRealTimers();
});

describe("the sign-in kiosk", () => {
  it("thanks the person by first name and clears the form for the next", async () => {
    const calls = signInBackend();
    render(Kiosk, { session, onend: () => {} });
    await fireEvent.input(screen.getByLabelText(/Organisation or team/), { target: { value: "Herts" } });
    await signInAs("Ольга Петрова");
    expect(await screen.findByText(/Thank you, Ольга/)).toBeTruthy();
    expect((screen.getByLabelText(/^Name/) as HTMLInputElement).value).toBe("");
    expect((screen.getByLabelText(/Organisation or team/) as HTMLInputElement).value).toBe("");
    expect(calls[0].args).toMatchObject({ sessionId: session.id, details: { name: "Ольга Петрова", organisation: "Herts", email: null } });
  });

  it("asks no email on the room's screen, where everyone would read it as it is typed", async () => {
    const calls = signInBackend();
    render(Kiosk, { session, projected: true });
    expect(screen.queryByLabelText(/Email/)).toBeNull();
    expect(screen.queryByRole("button", { name: "End sign-in" })).toBeNull();
    await signInAs("Late Larry");
    expect(await screen.findByText(/Thank you, Late/)).toBeTruthy();
    expect(calls[0].args).toMatchObject({ details: { name: "Late Larry", email: null } });
  });

  it("shows the organisation's logo when there is one", () => {
    render(Kiosk, { session, logo: "data:image/svg+xml;base64,PHN2Zy8+", onend: () => {} });
    expect(screen.getByAltText("Organisation logo").getAttribute("src")).toBe("data:image/svg+xml;base64,PHN2Zy8+");
  });

  it("never shows an earlier attendee's details to the next person", async () => {
    signInBackend();
    render(Kiosk, { session, onend: () => {} });
    await signInAs("Ольга Петрова");
    await screen.findByText(/Thank you, Ольга/);
    await signInAs("Sam Taylor");
    await screen.findByText(/Thank you, Sam/);
    expect(document.body.textContent).not.toContain("Ольга");
    expect(document.body.textContent).not.toContain("Петрова");
  });

  it("lets the thanks go after a few seconds", async () => {
    signInBackend();
    render(Kiosk, { session, onend: () => {}, thanksMs: 20 });
    await signInAs("Sam Taylor");
    await screen.findByText(/Thank you, Sam/);
    await waitFor(() => expect(screen.queryByText(/Thank you/)).toBeNull());
  });

  it("ends only after the trainer confirms", async () => {
    signInBackend();
    const onend = vi.fn();
    render(Kiosk, { session, onend });
    await fireEvent.click(screen.getByRole("button", { name: "End sign-in" }));
    expect(onend).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByRole("button", { name: "Yes, end sign-in" }));
    await waitFor(() => expect(onend).toHaveBeenCalledOnce());
  });

  it("with a staff passphrase set, ends only when the trainer types it", async () => {
    const tried: string[] = [];
    mockBackend({
      unlock_staff: ({ passphrase }) => {
        tried.push(String(passphrase));
        if (passphrase !== "kettle on at four") throw { code: "wrong_passphrase", message: "that is not the staff passphrase" };
        return { set: true, locked: false };
      },
    });
    const onend = vi.fn();
    render(Kiosk, { session, onend, staffOnly: true });
    await fireEvent.click(screen.getByRole("button", { name: "End sign-in" }));
    expect(screen.queryByRole("button", { name: "Yes, end sign-in" })).toBeNull();
    const field = screen.getByLabelText("Staff passphrase");
    await waitFor(() => expect(document.activeElement).toBe(field));

    await fireEvent.input(field, { target: { value: "let me out" } });
    await fireEvent.submit(field.closest("form")!);
    expect(await screen.findByText(/That is not the staff passphrase/)).toBeTruthy();
    expect(onend).not.toHaveBeenCalled();
    expect((field as HTMLInputElement).value).toBe("");

    await fireEvent.input(field, { target: { value: "kettle on at four" } });
    await fireEvent.submit(field.closest("form")!);
    await waitFor(() => expect(onend).toHaveBeenCalledWith({ set: true, locked: false }));
    expect(tried).toEqual(["let me out", "kettle on at four"]);
  });

  it("tells a latecomer to see the trainer when the register has closed, without the session's id", async () => {
    mockBackend({
      sign_in: () => {
        throw { code: "session_closed", message: `the session ${session.id} is closed; changes to its register need a correction with a reason` };
      },
    });
    render(Kiosk, { session, projected: true });
    await signInAs("Late Larry");
    const said = await screen.findByText(/Sign-in to this session has closed/);
    expect(said.textContent).toContain("tell the trainer");
    expect(document.body.textContent).not.toContain(session.id);
  });

  it("never moves the cursor when the thanks goes, so the next person's typing stays where they put it", async () => {
    signInBackend();
    render(Kiosk, { session, onend: () => {}, thanksMs: 20 });
    await signInAs("Sam Taylor");
    await screen.findByText(/Thank you, Sam/);
    const organisation = screen.getByLabelText(/Organisation or team/) as HTMLInputElement;
    organisation.focus();
    await waitFor(() => expect(screen.queryByText(/Thank you/)).toBeNull());
    expect(document.activeElement).toBe(organisation);
  });

  it("announces the thanks in a live region", async () => {
    signInBackend();
    render(Kiosk, { session, onend: () => {} });
    await signInAs("Sam Taylor");
    const thanks = await screen.findByText(/Thank you, Sam/);
    expect(thanks.closest("[aria-live]")?.getAttribute("aria-live")).toBe("polite");
  });

  it("thanks the person by the name they typed, never the name of a record it matched", async () => {
    mockBackend({
      sign_in: () => ({
        person: { id: "p1", name: "Zoë Łukasiewicz-Nowak", organisation: "Herts", team: "", jobRole: "", email: "zoe@example.org", createdAt: "2026-03-04T09:31:00Z" },
        attendanceId: "a1",
        status: "present",
        signedInAt: "2026-03-04T09:31:00Z",
        newPerson: false,
        alreadySignedIn: true,
      }),
    });
    render(Kiosk, { session, onend: () => {} });
    await signInAs("Sam Smith");
    expect(await screen.findByText("Thank you, Sam — you were already signed in.")).toBeTruthy();
    expect(document.body.textContent).not.toContain("Zoë");
    expect(document.body.textContent).not.toContain("zoe@");
  });

  it("says what is wrong with an email beside the Email field, and clears it once the email changes", async () => {
    mockBackend({
      sign_in: () => {
        throw { code: "invalid_input", field: "email", message: "email needs an @, like name@example.org (or leave it empty)" };
      },
    });
    render(Kiosk, { session, onend: () => {} });
    const email = screen.getByLabelText(/^Email/) as HTMLInputElement;
    await fireEvent.input(email, { target: { value: "not-an-email" } });
    await signInAs("Sam Smith");
    const problem = await screen.findByText("Email needs an @, like name@example.org (or leave it empty).");
    expect(email.getAttribute("aria-describedby")).toBe(problem.id);
    expect(email.getAttribute("aria-invalid")).toBe("true");
    expect((screen.getByLabelText(/^Name/) as HTMLInputElement).value, "nothing typed is lost").toBe("Sam Smith");
    await fireEvent.input(email, { target: { value: "sam@example.org" } });
    expect(screen.queryByText(/Email needs an @/)).toBeNull();
  });
});

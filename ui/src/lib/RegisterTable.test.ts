// A long register is drawn a page at a time, and anyone on it can be found
// by typing; a short one is drawn whole, without the box.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { clearMocks } from "@tauri-apps/api/mocks";
import RegisterTable from "./RegisterTable.svelte";
import { mockBackend } from "../test/backend";
import type { RegisterEntry } from "../api";

/** A stand-in for the library's search folding (names::search_key), enough
 * for these names: case, accents and the stroke of ł. */
const fold = (text: string) =>
  text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/ł/g, "l").trim().replace(/\s+/g, " ");

const NAMES = ["مريم الحسيني", "王小明", "Ольга Петрова", "Zażółć Gęślą", "Sam 🌟"];

function entries(n: number): RegisterEntry[] {
  return Array.from({ length: n }, (_, i) => {
    const person = {
      id: `p${i}`,
      name: `${NAMES[i % NAMES.length]} ${i}`,
      organisation: "Herts Council",
      team: i === 321 ? "Night shift" : "",
      jobRole: "Nurse",
      email: i === 7 ? "someone@example.org" : null,
      createdAt: "2026-01-01T10:00:00Z",
    };
    return {
      attendanceId: `a${i}`,
      person,
      status: "present",
      signedInAt: "2026-03-04T09:45:00Z",
      source: "kiosk",
      updatedAt: "2026-03-04T09:45:00Z",
      corrections: 0,
      foundBy: [person.name, person.email ?? "", person.organisation, person.jobRole, person.team].map(fold).join("\n"),
    };
  });
}

// Queried by selector: working out every row's role in a 450-row table
// takes jsdom seconds.
const rows = () => document.querySelectorAll("tbody tr").length;
const shown = () => document.getElementById("register-shown")?.textContent ?? "";

function show(n: number) {
  render(RegisterTable, {
    entries: entries(n),
    closed: false,
    sessionDate: "2026-03-04",
    onmark: vi.fn(async () => {}),
  });
}

beforeEach(() => {
  mockBackend({ fold_for_search: (args) => fold(args.text as string) });
});

afterEach(() => {
  cleanup();
  clearMocks();
});

describe("RegisterTable", () => {
  it("draws a short register whole, with no box to find anyone", () => {
    show(12);
    expect(rows()).toBe(12);
    expect(document.getElementById("register-find")).toBeNull();
  });

  it("draws a long register 200 rows at a time", async () => {
    show(450);
    expect(rows()).toBe(200);
    expect(shown()).toContain("Showing 200 of 450");
    await fireEvent.click(screen.getByText("Show 200 more"));
    expect(rows()).toBe(400);
    await fireEvent.click(screen.getByText("Show 50 more"));
    expect(rows()).toBe(450);
    expect(screen.queryByText(/^Show \d+ more$/)).toBeNull();
  });

  it("finds anyone on it by name in any script, team or email, however far down", async () => {
    show(450);
    expect(document.querySelector('label[for="register-find"]')?.textContent).toBe("Find on the register");
    const find = document.getElementById("register-find") as HTMLInputElement;
    await fireEvent.input(find, { target: { value: "王小明 441" } });
    await waitFor(() => expect(rows()).toBe(1));
    expect(screen.getByText("王小明 441")).toBeTruthy();
    await fireEvent.input(find, { target: { value: "night SHIFT" } });
    expect(await screen.findByText("王小明 321")).toBeTruthy();
    expect(rows()).toBe(1);
    await fireEvent.input(find, { target: { value: "someone@" } });
    expect(await screen.findByText("Ольга Петрова 7")).toBeTruthy();
    // Typed without the accents, as the library's search folds them.
    await fireEvent.input(find, { target: { value: "zazolc gesla 443" } });
    expect(await screen.findByText("Zażółć Gęślą 443")).toBeTruthy();
    expect(rows()).toBe(1);
    await fireEvent.input(find, { target: { value: "nobody here" } });
    await waitFor(() => expect(rows()).toBe(0));
    expect(shown()).toContain("Nobody on the register matches");
  });
});

// Possible duplicates against a mocked Rust side: two records of one name
// are told apart by their details in every choice, so the record kept is
// the one the record keeper meant.
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { clearMocks } from "@tauri-apps/api/mocks";
import PossibleDuplicates from "./PossibleDuplicates.svelte";
import { mockBackend } from "../test/backend";
import type { Person } from "../api";

const person = (id: string, organisation: string, email: string | null): Person => ({
  id,
  name: "John Smith",
  organisation,
  team: "",
  jobRole: "",
  email,
  createdAt: "2026-03-04T09:31:00Z",
});
const acme = person("a1", "Acme Housing", "john@acme.example");
const beta = person("b2", "Beta Care", null);

afterEach(() => {
  cleanup();
  clearMocks();
});

describe("possible duplicates", () => {
  it("names two records of one name by their details, and keeps the one chosen", async () => {
    const calls = mockBackend({
      possible_duplicates: () => [{ first: acme, second: beta, reason: "same_name" }],
      merge_people: () => ({ kept: "a1", merged: "b2", sessionsMoved: 1, sessionsCombined: 0, attemptsMoved: 0, certificatesMoved: 0, progressMoved: 0 }),
    });
    render(PossibleDuplicates, { onmerged: vi.fn() });
    const keepAcme = await screen.findByRole("button", { name: "Merge, keeping John Smith (Acme Housing · john@acme.example)" });
    expect(screen.getByRole("button", { name: "Merge, keeping John Smith (Beta Care)" })).toBeTruthy();
    await fireEvent.click(keepAcme);
    const question = screen.getByRole("group", { name: "Merge, keeping John Smith (Acme Housing · john@acme.example)" });
    expect(question.textContent).toContain("Make John Smith (Beta Care) part of John Smith (Acme Housing · john@acme.example)?");
    await fireEvent.click(screen.getByRole("button", { name: "Yes, merge into John Smith (Acme Housing · john@acme.example)" }));
    await waitFor(() => expect(calls.some((c) => c.cmd === "merge_people")).toBe(true));
    expect(calls.find((c) => c.cmd === "merge_people")?.args).toEqual({ kept: "a1", merged: "b2" });
  });

  it("says when two names differ only in accents", async () => {
    const accented = { ...acme, name: "Łukasz Żółkiewski" };
    const plain = { ...beta, name: "Lukasz Zolkiewski" };
    mockBackend({ possible_duplicates: () => [{ first: accented, second: plain, reason: "similar_name" }] });
    render(PossibleDuplicates, { onmerged: vi.fn() });
    const pair = await screen.findByTestId("possible-duplicates");
    expect(pair.textContent).toContain("Łukasz Żółkiewski");
    expect(pair.textContent).toContain("names that differ only in accents");
  });
});

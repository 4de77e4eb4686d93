// Settings → Staff passphrase against a mocked Rust side: set with the
// new passphrase typed twice, refused beside the field when too short or
// mistyped, and changed or removed only with the current one.
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { clearMocks } from "@tauri-apps/api/mocks";
import StaffPassphrase from "./StaffPassphrase.svelte";
import { mockBackend } from "../test/backend";

afterEach(() => {
  cleanup();
  clearMocks();
});

async function type(label: string, value: string) {
  await fireEvent.input(screen.getByLabelText(label), { target: { value } });
}

describe("the staff passphrase setting", () => {
  it("says the records are open to anyone, then sets a passphrase typed the same twice", async () => {
    let stored: string | null = null;
    const calls = mockBackend({
      staff_lock: () => ({ set: stored !== null, locked: false }),
      set_staff_passphrase: ({ new: next }) => {
        if (String(next).length < 8)
          throw { code: "invalid_input", field: "the passphrase", message: "the passphrase needs at least 8 characters" };
        stored = String(next);
        return { set: true, locked: false };
      },
    });
    const onchange = vi.fn();
    render(StaffPassphrase, { onchange });
    expect((await screen.findByTestId("staff-pass-state")).textContent).toContain("No staff passphrase is set");
    expect(screen.queryByLabelText("Current passphrase")).toBeNull();

    await type("New passphrase", "kettle on at four");
    await type("New passphrase again", "kettle on at fuor");
    await fireEvent.click(screen.getByRole("button", { name: "Set the passphrase" }));
    expect(screen.getByText(/The two new passphrases are not the same/)).toBeTruthy();
    expect(screen.getByLabelText("New passphrase again").getAttribute("aria-invalid")).toBe("true");
    expect(calls.map((c) => c.cmd)).not.toContain("set_staff_passphrase");

    await type("New passphrase", "short");
    await type("New passphrase again", "short");
    await fireEvent.click(screen.getByRole("button", { name: "Set the passphrase" }));
    expect(await screen.findByText("The passphrase needs at least 8 characters.")).toBeTruthy();
    expect(screen.getByLabelText("New passphrase").getAttribute("aria-invalid")).toBe("true");

    await type("New passphrase", "kettle on at four");
    await type("New passphrase again", "kettle on at four");
    await fireEvent.click(screen.getByRole("button", { name: "Set the passphrase" }));
    expect(await screen.findByText(/The staff passphrase is set/)).toBeTruthy();
    expect(stored).toBe("kettle on at four");
    expect(onchange).toHaveBeenCalledWith({ set: true, locked: false });
    expect(calls.find((c) => c.cmd === "set_staff_passphrase" && c.args.new === "kettle on at four")?.args.current).toBe("");
    expect((screen.getByLabelText("New passphrase") as HTMLInputElement).value).toBe("");
    expect(screen.getByLabelText("Current passphrase")).toBeTruthy();
  });

  it("removes the passphrase only with the current one", async () => {
    let set = true;
    mockBackend({
      staff_lock: () => ({ set, locked: false }),
      set_staff_passphrase: ({ current, new: next }) => {
        if (current !== "kettle on at four") throw { code: "wrong_passphrase", message: "that is not the staff passphrase" };
        set = next !== null;
        return { set, locked: false };
      },
    });
    render(StaffPassphrase);
    expect((await screen.findByTestId("staff-pass-state")).textContent).toContain("A staff passphrase is set");
    const remove = screen.getByRole("button", { name: "Remove the passphrase" }) as HTMLButtonElement;
    expect(remove.disabled).toBe(true);

    await type("Current passphrase", "guess");
    await fireEvent.click(remove);
    expect(await screen.findByText("That is not the current staff passphrase.")).toBeTruthy();
    expect(set).toBe(true);

    await type("Current passphrase", "kettle on at four");
    await fireEvent.click(remove);
    await waitFor(() => expect(set).toBe(false));
    expect(await screen.findByText(/The staff passphrase is removed/)).toBeTruthy();
    expect((await screen.findByTestId("staff-pass-state")).textContent).toContain("No staff passphrase is set");
  });
});

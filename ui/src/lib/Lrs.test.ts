// The Learning Record Store parts of Settings and Records against a mocked
// Rust side: the connection test says plainly why it failed, the secret is
// sent only when typed, and the send says what went, what the LRS refused
// and why, and what has been sent so far.
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { clearMocks } from "@tauri-apps/api/mocks";
import LrsSettings from "./LrsSettings.svelte";
import LrsSend from "./LrsSend.svelte";
import { mockBackend } from "../test/backend";
import type { SendReport } from "../api";

afterEach(() => {
  cleanup();
  clearMocks();
});

const setup = {
  config: { endpoint: "https://lrs.example.org/xAPI", key: "signpost" },
  secretKept: false,
  noCredentialStore: "no secret service",
};

describe("Settings → Learning Record Store", () => {
  it("says Signpost makes no network request unless asked, and that the secret is asked for each time without a credential store", async () => {
    mockBackend({ get_lrs_setup: () => setup });
    const { container } = render(LrsSettings);
    await waitFor(() => expect((screen.getByLabelText(/LRS address/) as HTMLInputElement).value).toBe(setup.config.endpoint));
    expect(container.textContent).toContain("Signpost makes no network request unless you press");
    expect(container.textContent).toContain("you are asked for it each time you send");
  });

  it("tests the address, key and secret typed and says why the LRS did not connect", async () => {
    const calls = mockBackend({
      get_lrs_setup: () => setup,
      test_lrs_connection: () => ({
        outcome: "credentials_refused",
        message: "The LRS at lrs.example.org answered, but refused this key and secret: check them.",
        version: null,
      }),
    });
    render(LrsSettings);
    await waitFor(() => expect((screen.getByLabelText(/Key/) as HTMLInputElement).value).toBe("signpost"));
    await fireEvent.input(screen.getByLabelText("Secret"), { target: { value: "typed" } });
    await fireEvent.click(screen.getByRole("button", { name: "Test connection" }));
    const said = await screen.findByTestId("lrs-check");
    expect(said.textContent).toContain("Not connected.");
    expect(said.textContent).toContain("refused this key and secret");
    const test = calls.find((c) => c.cmd === "test_lrs_connection");
    expect(test?.args).toEqual({ endpoint: setup.config.endpoint, key: "signpost", secret: "typed" });
  });
});

describe("Records → Send to the Learning Record Store", () => {
  const report: SendReport = {
    endpoint: setup.config.endpoint,
    total: 12,
    alreadySent: 3,
    sent: 8,
    corrected: 0,
    withdrawn: 0,
    rejected: [
      {
        statementId: "s1",
        what: "Zoë Adams attended Morning session on 2026-03-04",
        reason: "Differing statements already exist with the same ID: s1 (status 409)",
      },
    ],
    notSent: 0,
    stopped: null,
    cancelled: false,
    timings: { beforeFirstRequestMs: 1, betweenBatchesMs: 1, waitingForLrsMs: 1, totalMs: 3, requests: 2 },
  };

  it("says how many were sent and when, sends, and names what the LRS refused and why", async () => {
    let sent = false;
    const calls = mockBackend({
      lrs_status: () => ({
        endpoint: setup.config.endpoint,
        sent: sent ? 11 : 3,
        lastSentAt: "2026-12-02T10:00:00Z",
        newSince: sent ? 1 : 9,
      }),
      send_to_lrs: () => {
        sent = true;
        return report;
      },
    });
    render(LrsSend);
    const status = await screen.findByTestId("lrs-status");
    expect(status.textContent).toContain("3 statements sent on 2 Dec 2026, 9 new or corrected since.");
    await fireEvent.click(screen.getByRole("button", { name: "Send" }));
    const result = await screen.findByTestId("lrs-send-result");
    expect(result.textContent).toContain("Sent 8 statements; 3 were sent before; the LRS refused 1.");
    const refused = screen.getByTestId("lrs-rejected").textContent ?? "";
    expect(refused).toContain("Zoë Adams attended Morning session on 2026-03-04");
    expect(refused).toContain("Differing statements already exist");
    await waitFor(() => expect(status.textContent).toContain("11 statements sent on 2 Dec 2026, 1 new or corrected since."));
    expect(calls.find((c) => c.cmd === "send_to_lrs")?.args.secret).toBeNull();
  });

  it("says how many statements corrected or withdrew what was sent before", async () => {
    mockBackend({
      lrs_status: () => ({ endpoint: setup.config.endpoint, sent: 3, lastSentAt: "2026-12-02T10:00:00Z", newSince: 3 }),
      send_to_lrs: () => ({ ...report, rejected: [], alreadySent: 9, sent: 1, corrected: 1, withdrawn: 2 }),
    });
    render(LrsSend);
    await screen.findByTestId("lrs-status");
    await fireEvent.click(screen.getByRole("button", { name: "Send" }));
    expect((await screen.findByTestId("lrs-send-result")).textContent).toContain(
      "Sent 1 statement, 1 of them correcting what was sent before; withdrew 2 sent before, whose records were corrected or erased; 9 were sent before.",
    );
  });

  it("asks for the secret when the computer keeps none, and sends it", async () => {
    let tries = 0;
    const calls = mockBackend({
      lrs_status: () => ({ endpoint: setup.config.endpoint, sent: 0, lastSentAt: null, newSince: 4 }),
      send_to_lrs: () => {
        tries += 1;
        if (tries === 1) throw { code: "lrs_secret_needed", message: "the Learning Record Store's secret is needed" };
        return { ...report, rejected: [], alreadySent: 0, sent: 4 };
      },
    });
    render(LrsSend);
    expect((await screen.findByTestId("lrs-status")).textContent).toContain("Nothing sent yet; 4 statements to send.");
    await fireEvent.click(screen.getByRole("button", { name: "Send" }));
    const secret = await screen.findByLabelText("The LRS's secret");
    await fireEvent.input(secret, { target: { value: "s3cret" } });
    await fireEvent.click(screen.getByRole("button", { name: "Send" }));
    expect((await screen.findByTestId("lrs-send-result")).textContent).toContain("Sent 4 statements.");
    expect(calls.filter((c) => c.cmd === "send_to_lrs").map((c) => c.args.secret)).toEqual([null, "s3cret"]);
  });
});

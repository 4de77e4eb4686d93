// Starts the real app through tauri-driver (which drives WebKitWebDriver) with
// its own temporary data folder, and tears everything down again. Shared by
// every end-to-end test file.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { remote } from "webdriverio";

export const repoRoot = resolve(import.meta.dirname, "..", "..");
/** The course under test: the shipped one unless SIGNPOST_COURSE_DIR says otherwise. */
export const courseDir = process.env.SIGNPOST_COURSE_DIR ?? join(repoRoot, "modules");
const application =
  process.env.SIGNPOST_APP ?? join(repoRoot, "target", "debug", "signpost-app");

async function waitForPort(port, child, timeoutMs = 20_000) {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`tauri-driver exited with ${child.exitCode}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/status`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`tauri-driver did not listen on port ${port}`);
}

function endGroup(pid) {
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // nothing of the group is left
  }
}

/**
 * Launches the app. `env` is added to the app's environment; the data folder
 * is a fresh temporary one unless `env.SIGNPOST_DATA_DIR` is given. The driver
 * listens on `SIGNPOST_E2E_PORT` (default 4444), so two checkouts can test at once.
 */
export async function launch({ env = {}, port = Number(process.env.SIGNPOST_E2E_PORT ?? 4444) } = {}) {
  const dataDir = env.SIGNPOST_DATA_DIR ?? mkdtempSync(join(tmpdir(), "signpost-e2e-"));
  const driver = spawn(
    "tauri-driver",
    ["--port", String(port), "--native-port", String(port + 1)],
    {
      env: {
        ...process.env,
        SIGNPOST_DATA_DIR: dataDir,
        SIGNPOST_COURSE_DIR: courseDir,
        ...env,
      },
      stdio: ["ignore", "inherit", "inherit"],
      // Its own process group, so that close() can end whatever it started.
      detached: true,
    },
  );
  await waitForPort(port, driver);
  let browser;
  try {
    browser = await remote({
      hostname: "127.0.0.1",
      port,
      logLevel: "error",
      capabilities: {
        "wdio:enforceWebDriverClassic": true,
        "tauri:options": { application },
      },
    });
  } catch (error) {
    driver.kill("SIGTERM");
    endGroup(driver.pid);
    throw error;
  }
  return {
    browser,
    dataDir,
    async close() {
      try {
        await browser.deleteSession();
      } finally {
        // SIGTERM lets tauri-driver stop WebKitWebDriver; SIGKILL would orphan it.
        driver.kill("SIGTERM");
        await new Promise((r) => (driver.exitCode !== null ? r() : driver.once("exit", r)));
        // An app whose page has gone outlives its driver, holding the test
        // runner's output open so that the run never ends: end the group.
        endGroup(driver.pid);
        if (!env.SIGNPOST_DATA_DIR) rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}

/**
 * Answers the app's next file dialogs, in order, with `paths` (a path, or
 * null for a cancelled dialog): WebDriver cannot reach the system's own
 * dialogs, so the app's api takes queued answers instead, in tests only.
 */
export async function answerDialogs(browser, ...paths) {
  await browser.execute((queued) => {
    window.__signpostDialogAnswers = [...(window.__signpostDialogAnswers ?? []), ...queued];
  }, paths);
}

/** The button whose visible text is exactly `text` (XPath), inside `scope`. */
export const button = (browser, text, scope = "") =>
  browser.$(`${scope}//button[normalize-space()="${text}"]`);

/** Types `text` into a field (a selector or an element), replacing what it held. */
export async function type(browser, target, text) {
  const field = typeof target === "string" ? await browser.$(target) : target;
  await field.waitForDisplayed({ timeout: 10_000 });
  await field.clearValue();
  await field.addValue(text);
}

/** Keeps a screenshot of the window when SCREENSHOT_DIR is set. */
export async function screenshot(browser, name) {
  if (process.env.SCREENSHOT_DIR) await browser.saveScreenshot(join(process.env.SCREENSHOT_DIR, `${name}.png`));
}

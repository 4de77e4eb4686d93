// The records desk as a record keeper uses it: the retention period typed
// into Settings is kept and, at the next start, removes the records older
// than it; a large export shows its progress, can be stopped leaving no file
// behind, and when it runs to the end names the full path it wrote.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { answerDialogs, launch, repoRoot } from "./driver.mjs";

const cli = join(repoRoot, "target", "debug", "signpost");
const filler = join(repoRoot, "target", "debug", "examples", "fill_records");

const button = (browser, text, scope = "") => browser.$(`${scope}//button[normalize-space()="${text}"]`);

function sessionTitles(dbPath) {
  const script =
    "import sqlite3,sys; print('\\n'.join(r[0] for r in sqlite3.connect(sys.argv[1]).execute('select title from training_sessions order by date')))";
  return execFileSync("python3", ["-c", script, dbPath]).toString().trim().split("\n").filter(Boolean);
}

async function waitForText(browser, text, timeout = 20_000) {
  await browser.waitUntil(async () => (await (await browser.$("main")).getText()).includes(text), {
    timeout,
    timeoutMsg: `"${text}" never appeared`,
  });
}

test("a retention period set in Settings removes older records at the next start (issue 15)", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "signpost-e2e-retention-"));
  try {
    for (const [title, date] of [
      ["Long ago", "2019-05-01"],
      ["Last month", new Date(Date.now() - 30 * 864e5).toISOString().slice(0, 10)],
    ]) {
      execFileSync(cli, ["--data-dir", dataDir, "session", "create", "--title", title, "--date", date, "--trainer", "Tess"]);
    }
    let app = await launch({ env: { SIGNPOST_DATA_DIR: dataDir } });
    try {
      const { browser } = app;
      await (await button(browser, "Settings", "//nav")).waitForClickable({ timeout: 20_000 });
      await (await button(browser, "Settings", "//nav")).click();
      const months = await browser.$('input[name="retention"]');
      await months.waitForDisplayed({ timeout: 10_000 });
      await months.setValue("12");
      await (await button(browser, "Save settings")).click();
      await waitForText(browser, "Settings saved");
      // Typing a number and deleting it is not an error that blocks saving.
      await months.clearValue();
      await months.setValue("24");
      await (await button(browser, "Save settings")).click();
      await waitForText(browser, "Settings saved");
    } finally {
      await app.close();
    }
    assert.deepEqual(sessionTitles(join(dataDir, "signpost.sqlite3")), ["Long ago", "Last month"]);

    app = await launch({ env: { SIGNPOST_DATA_DIR: dataDir } });
    try {
      const { browser } = app;
      await (await button(browser, "Sessions", "//nav")).waitForClickable({ timeout: 20_000 });
      await (await button(browser, "Sessions", "//nav")).click();
      await waitForText(browser, "Last month");
      assert.ok(!(await (await browser.$("main")).getText()).includes("Long ago"), "the old session is gone");
      await (await button(browser, "Settings", "//nav")).click();
      const months = await browser.$('input[name="retention"]');
      await months.waitForDisplayed({ timeout: 10_000 });
      assert.equal(await months.getValue(), "24", "the period is kept");
    } finally {
      await app.close();
    }
    assert.deepEqual(sessionTitles(join(dataDir, "signpost.sqlite3")), ["Last month"]);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test("a large export shows its progress, can be stopped without a trace, and names what it wrote", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "signpost-e2e-export-"));
  const outDir = mkdtempSync(join(tmpdir(), "signpost-e2e-exports-"));
  try {
    execFileSync(filler, [dataDir, "10", "10000"]);
    const app = await launch({ env: { SIGNPOST_DATA_DIR: dataDir } });
    try {
      const { browser } = app;
      await (await button(browser, "Records", "//nav")).waitForClickable({ timeout: 20_000 });
      await (await button(browser, "Records", "//nav")).click();

      const stopped = join(outDir, "stopped.xlsx");
      await (await browser.$('input[name="export-format"][value="xlsx"]')).click();
      await answerDialogs(browser, stopped);
      await (await button(browser, "Export…")).click();
      const progress = await browser.$('[data-testid="progress"]');
      await progress.waitForDisplayed({ timeout: 10_000, timeoutMsg: "no progress bar" });
      await browser.waitUntil(async () => / of 100,000 rows/.test(await progress.getText()), {
        timeout: 10_000,
        timeoutMsg: "the progress bar never counted the rows",
      });
      await (await button(browser, "Cancel", '//*[@data-testid="progress"]')).click();
      await waitForText(browser, "stopped before it finished");
      assert.deepEqual(readdirSync(outDir), [], "a stopped export leaves no file, whole or partial");

      const csvPath = join(outDir, "attendance.csv");
      await (await browser.$('input[name="export-format"][value="csv"]')).click();
      await answerDialogs(browser, csvPath);
      await (await button(browser, "Export…")).click();
      const result = await browser.$('[data-testid="export-result"]');
      await result.waitForDisplayed({ timeout: 60_000 });
      const text = await result.getText();
      assert.ok(text.includes("100,000 rows"), text);
      assert.ok(text.includes(csvPath), "the full path written is shown");
      assert.ok(existsSync(csvPath));
      assert.equal(readFileSync(csvPath, "utf8").trim().split("\r\n").length, 100_001);
      assert.deepEqual(readdirSync(outDir), ["attendance.csv"]);
    } finally {
      await app.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(outDir, { recursive: true, force: true });
  }
});

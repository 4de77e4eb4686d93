// A record keeper connects Signpost to the organisation's Learning Record
// Store and sends the records: Settings → Learning Record Store, Test
// connection against a real LRS (Ralph from scripts/ralph, on 127.0.0.1),
// then Records → Send, which sends every statement and then says how many
// were sent and that none is new; a register line then marked absent is
// withdrawn from the LRS by the next send, and so is someone erased on
// request (the screens of both pass axe). The LRS is stopped whatever
// happens.
// Set SCREENSHOT_DIR to keep screenshots.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { button, launch, repoRoot, screenshot, type } from "./driver.mjs";
import { assertNoViolations } from "./a11y.mjs";

const ralphScript = join(repoRoot, "scripts", "ralph");
const filler = join(repoRoot, "target", "debug", "examples", "fill_records");
const KEY = "signpost-e2e";
const SECRET = "e2e secret";




function freePort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Ralph on 127.0.0.1 with its data in `home`; resolves once it answers. */
async function startRalph(home) {
  execFileSync(ralphScript, ["install"], { stdio: "inherit" });
  const env = { ...process.env, RALPH_APP_DIR: join(home, "app"), RALPH_AUTH_FILE: join(home, "app", "auth.json") };
  mkdirSync(join(home, "data"), { recursive: true });
  execFileSync(ralphScript, ["auth", "-u", KEY, "-p", SECRET, "-s", "all", "-M", "mailto:e2e@example.org", "-w"], {
    env,
    stdio: "ignore",
  });
  const port = await freePort();
  const child = spawn(ralphScript, ["serve", join(home, "data"), String(port)], { env, stdio: "ignore" });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${base}/__heartbeat__`)).ok) return { child, endpoint: `${base}/xAPI` };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill("SIGKILL");
  throw new Error("Ralph did not answer within a minute");
}

/** Presses Records → Send, giving the secret if it is asked for, and waits for the result. */
async function send(browser) {
  await (await button(browser, "Send", "//section[@aria-labelledby='lrs-send-heading']")).click();
  // Where the computer has no credential store, the secret is asked for.
  const result = await browser.$("[data-testid=lrs-send-result]");
  const asked = await browser.$("input[name=lrs-send-secret]");
  await browser.waitUntil(async () => (await result.isExisting()) || (await asked.isExisting()), {
    timeout: 30_000,
    timeoutMsg: "the send neither finished nor asked for the secret",
  });
  if (!(await result.isExisting())) {
    await type(browser, asked, SECRET);
    await (await button(browser, "Send", "//section[@aria-labelledby='lrs-send-heading']")).click();
  }
  await result.waitForDisplayed({ timeout: 30_000 });
  return result;
}

/** Every statement the LRS holds. */
async function held(ralph) {
  const answer = await fetch(`${ralph.endpoint}/statements?limit=100`, {
    headers: {
      Authorization: `Basic ${Buffer.from(`${KEY}:${SECRET}`).toString("base64")}`,
      "X-Experience-API-Version": "1.0.3",
    },
  });
  return (await answer.json()).statements;
}

test("the LRS connection is tested from Settings and the records are sent from Records", async () => {
  const work = mkdtempSync(join(tmpdir(), "signpost-e2e-lrs-"));
  const dataDir = join(work, "records");
  // One session with 10 people, 9 of them present: 9 statements.
  execFileSync(filler, [dataDir, "1", "10"], { stdio: "ignore" });
  const ralph = await startRalph(join(work, "ralph"));
  try {
    const app = await launch({ env: { SIGNPOST_DATA_DIR: dataDir } });
    try {
      const { browser } = app;
      await (await button(browser, "Settings", "//nav")).waitForClickable({ timeout: 20_000 });
      await (await button(browser, "Settings", "//nav")).click();
      const section = await browser.$("section[aria-labelledby=lrs-heading]");
      await section.waitForDisplayed({ timeout: 10_000 });
      assert.match(await section.getText(), /makes no network request unless you press/);

      await type(browser, "input[name=lrs-endpoint]", ralph.endpoint);
      await type(browser, "input[name=lrs-key]", KEY);
      await type(browser, "input[name=lrs-secret]", "not the secret");
      await (await button(browser, "Test connection")).click();
      const check = await browser.$("[data-testid=lrs-check]");
      await check.waitForDisplayed({ timeout: 30_000 });
      assert.match(await check.getText(), /refused this key and secret/);

      await type(browser, "input[name=lrs-secret]", SECRET);
      await (await button(browser, "Test connection")).click();
      await browser.waitUntil(async () => /^Connected\./.test(await check.getText()), {
        timeout: 30_000,
        timeoutMsg: "the connection test did not say Connected",
      });
      await (await button(browser, "Save the LRS settings")).click();
      await browser.waitUntil(async () => (await section.getText()).includes("Saved."), { timeout: 10_000 });
      await browser.execute(() => document.querySelector("[data-testid=lrs-check]")?.scrollIntoView({ block: "end" }));
      await screenshot(browser, "lrs-settings");

      await (await button(browser, "Records", "//nav")).click();
      const status = await browser.$("[data-testid=lrs-status]");
      await status.waitForDisplayed({ timeout: 20_000 });
      assert.match(await status.getText(), /Nothing sent yet; 9 statements to send/);
      const result = await send(browser);
      assert.match(await result.getText(), /Sent 9 statements/);
      await browser.waitUntil(async () => /9 statements sent on .*, 0 new or corrected since/.test(await status.getText()), {
        timeout: 20_000,
        timeoutMsg: "the status line did not count what was sent",
      });
      await result.scrollIntoView({ block: "center" });
      await screenshot(browser, "lrs-sent");

      assert.equal((await held(ralph)).length, 9);

      // A line of the register marked absent after the send: the next send
      // withdraws what the LRS was told.
      await (await button(browser, "Sessions", "//nav")).click();
      const open = await browser.$('//tr[contains(., "Session 0")]//button[starts-with(normalize-space(), "Open")]');
      await open.waitForClickable({ timeout: 20_000 });
      await open.click();
      await (await browser.$('[data-testid="register"] select')).waitForDisplayed({ timeout: 10_000 });
      const selects = await browser.$$('[data-testid="register"] select');
      let present;
      for (const select of selects) if ((await select.getValue()) !== "absent") present ??= select;
      await present.selectByAttribute("value", "absent");
      await type(browser, 'input[name="reason"]', "Signed in by mistake");
      await (await button(browser, "Save correction")).click();
      await browser.waitUntil(async () => (await (await browser.$("main")).getText()).includes("Correction saved"), {
        timeout: 10_000,
        timeoutMsg: "the correction was not saved",
      });
      await (await button(browser, "Records", "//nav")).click();
      await browser.waitUntil(async () => /, 1 new or corrected since/.test(await status.getText()), {
        timeout: 20_000,
        timeoutMsg: "the status line did not count the correction",
      });
      const corrected = await send(browser);
      assert.match(
        await corrected.getText(),
        /Sent 0 statements; withdrew 1 sent before, whose records were corrected or erased; 8 were sent before\./,
      );
      await corrected.scrollIntoView({ block: "center" });
      await screenshot(browser, "lrs-corrected");
      await assertNoViolations(browser, "Records: a send that withdrew a statement");
      const now = await held(ralph);
      const voiding = now.filter((s) => s.verb.id === "http://adlnet.gov/expapi/verbs/voided");
      assert.equal(voiding.length, 1);
      assert.ok(now.some((s) => s.id === voiding[0].object.id && s.verb.id.endsWith("/attended")));

      // Someone present is erased on request: the report names the LRS, and
      // the next send withdraws their statement there too.
      await type(browser, 'input[name="search-text"]', "Sam");
      await (await button(browser, "Search")).click();
      const history = await browser.$('//tr[contains(., "Sam")]//button[starts-with(normalize-space(), "History")]');
      await history.waitForClickable({ timeout: 10_000 });
      await history.click();
      await (await button(browser, "Erase this person")).click();
      await (await button(browser, "Yes, erase everything about them")).click();
      const erasedLrs = await browser.$('[data-testid="erasure-lrs"]');
      await erasedLrs.waitForDisplayed({ timeout: 20_000 });
      assert.match(await erasedLrs.getText(), /the next send to each withdraws \(voids\) them/);
      await erasedLrs.scrollIntoView({ block: "center" });
      await screenshot(browser, "lrs-erased");
      await assertNoViolations(browser, "Records: the erasure report naming an LRS");
      const afterErasure = await send(browser);
      assert.match(await afterErasure.getText(), /Sent 0 statements; withdrew 1 sent before/);
      const voided = (await held(ralph)).filter((s) => s.verb.id === "http://adlnet.gov/expapi/verbs/voided");
      assert.equal(voided.length, 2);
    } finally {
      await app.close();
    }
  } finally {
    ralph.child.kill("SIGKILL");
    rmSync(work, { recursive: true, force: true });
  }
});

// An organisation makes the shipped course its own: in Settings it gives its
// name, its logo, its own help contacts, who staff tell about a child and
// where upset staff can turn; the course's slides name them and the home
// screen shows the logo, at once and again after a restart. Set SCREENSHOT_DIR to keep screenshots.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { answerDialogs, button, launch, screenshot, type } from "./driver.mjs";

const logoFile = fileURLToPath(new URL("../../icons/128x128.png", import.meta.url));




/** Opens the first module and pages on until `text` is on the slide. */
async function findInFirstModule(browser, text) {
  await (await button(browser, "Course", "//nav")).click();
  const read = await browser.$("button.open-module");
  await read.waitForClickable({ timeout: 10_000 });
  await read.click();
  const main = await browser.$("main");
  for (let i = 0; i < 40; i++) {
    if ((await main.getText()).includes(text)) return true;
    const next = await button(browser, "Next →");
    if (!(await next.isEnabled())) break;
    await next.click();
  }
  return false;
}

/** The logo on the home screen, once it is there. */
async function homeLogo(browser) {
  await (await button(browser, "Course", "//nav")).click();
  const logo = await browser.$(".course-header img.org-logo");
  await logo.waitForDisplayed({ timeout: 10_000, timeoutMsg: "no logo on the home screen" });
  return logo;
}

test("an organisation's name, logo, contacts, child contact and staff support from Settings appear in the course", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "signpost-e2e-settings-"));
  try {
    let app = await launch({ env: { SIGNPOST_DATA_DIR: dataDir } });
    try {
      const { browser } = app;
      await (await button(browser, "Settings", "//nav")).waitForClickable({ timeout: 20_000 });
      await (await button(browser, "Settings", "//nav")).click();

      await type(browser, 'input[name="organisation-name"]', "Southshire Council");
      await type(
        browser,
        'input[name="organisation-children-contact"]',
        "Southshire Children's Services on 01234 000000",
      );
      await type(browser, 'input[name="organisation-employee-support"]', "the Southshire staff support line");
      await (await button(browser, "Change these contacts")).click();
      await (await button(browser, "Add a contact")).click();
      const rows = await browser.$$(".contact-row");
      const added = await rows[rows.length - 1].$$("input");
      await type(browser, added[0], "Southshire safeguarding team");
      await type(browser, added[1], "01234 567890");
      await type(browser, added[2], "Weekdays 9am to 5pm");
      await answerDialogs(browser, logoFile);
      await (await button(browser, "Choose a logo…")).click();
      const preview = await browser.$('img[alt="Your organisation\'s logo"]');
      await preview.waitForDisplayed({ timeout: 10_000, timeoutMsg: "the chosen logo was not shown" });
      assert.match(await preview.getAttribute("src"), /^data:image\/png;base64,/);
      await preview.scrollIntoView();
      await screenshot(browser, "settings-logo");
      await screenshot(browser, "settings");
      await (await button(browser, "Save settings")).click();
      await browser.waitUntil(async () => (await (await browser.$("main")).getText()).includes("Settings saved"), {
        timeout: 10_000,
        timeoutMsg: "the settings were not saved",
      });

      assert.ok(await findInFirstModule(browser, "Southshire safeguarding team: 01234 567890"), "the new contact is on a slide");
      await screenshot(browser, "contacts-slide");
      assert.ok(await findInFirstModule(browser, "delivered by Southshire Council"), "the organisation is named");
      assert.ok(
        await findInFirstModule(browser, "At work: the Southshire staff support line."),
        "upset staff are pointed to the organisation's own support",
      );
      assert.ok(
        await findInFirstModule(browser, "Who to contact about a child: Southshire Children's Services on 01234 000000."),
        "a worry about a child goes to the organisation's own contact",
      );
      await homeLogo(browser);
      await screenshot(browser, "home-logo");
    } finally {
      await app.close();
    }

    app = await launch({ env: { SIGNPOST_DATA_DIR: dataDir } });
    try {
      await (await button(app.browser, "Course", "//nav")).waitForClickable({ timeout: 20_000 });
      assert.ok(await findInFirstModule(app.browser, "delivered by Southshire Council"), "kept after a restart");
      assert.equal(await (await homeLogo(app.browser)).getAttribute("alt"), "Southshire Council logo");
    } finally {
      await app.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

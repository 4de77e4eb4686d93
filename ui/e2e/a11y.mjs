// Accessibility checks shared by the end-to-end tests: axe-core's own
// source injected into the page through WebDriver and run against the WCAG
// 2.x A and AA rules, and a reflow check (no sideways scrolling) for text
// enlarged to 200% with the app's own control.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];

/** Runs axe on the whole page; fails naming every violation and where. */
export async function assertNoViolations(browser, screen) {
  const injected = await browser.execute(() => typeof window.axe !== "undefined");
  if (!injected) await browser.execute(axeSource);
  const violations = await browser.executeAsync((tags, done) => {
    window.axe
      .run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] })
      .then((r) =>
        done(
          r.violations.map((v) => ({
            id: v.id,
            help: v.help,
            nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(" ")}: ${n.failureSummary}`),
          })),
        ),
      )
      .catch((e) => done([{ id: "axe-error", help: String(e), nodes: [] }]));
  }, WCAG_TAGS);
  assert.deepEqual(
    violations,
    [],
    `${screen}: ${violations.map((v) => `${v.id} (${v.help})\n  ${v.nodes.join("\n  ")}`).join("\n")}`,
  );
}

/** Sets the app's text size (100, 125, 150 or 200) and colours with its own controls. */
export async function setDisplay(browser, { size, theme } = {}) {
  await browser.execute(
    (size, theme) => {
      const set = (testid, value) => {
        const select = document.querySelector(`[data-testid="${testid}"]`);
        if (!select || value == null) return;
        select.value = String(value);
        select.dispatchEvent(new Event("change", { bubbles: true }));
      };
      set("text-size", size);
      set("theme", theme);
    },
    size ?? null,
    theme ?? null,
  );
}

/** Fails when the page scrolls sideways (content wider than the window). */
export async function assertNoSidewaysScroll(browser, screen) {
  const { scroll, client, wide } = await browser.execute(() => {
    const root = document.documentElement;
    const wide = [...document.querySelectorAll("body *")]
      .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 1)
      .filter((el) => !el.closest(".table-scroll, .visually-hidden"))
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
    return { scroll: root.scrollWidth, client: root.clientWidth, wide };
  });
  assert.ok(scroll <= client, `${screen}: the page scrolls sideways (${scroll} > ${client}): ${wide.join(", ")}`);
}

// Browser test of the careerbot web chat widget against a running server, in Debian's headless Chromium
// driven by playwright-core. Run it through run.sh, which installs what it needs:
//   tests/browser/run.sh http://127.0.0.1:PORT/      (or CAREERBOT_URL=... tests/browser/run.sh)
// The steps run in order and share one browser tab, as one student's visit would.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const serverUrl = process.argv.find((a) => /^https?:\/\//.test(a)) ?? process.env.CAREERBOT_URL;
const screenshotDir = join(here, "screenshots");
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const WAIT_MS = 20_000;  // generous deadline for polling; nothing asserts on how fast anything is

const QUESTION = "What does a Machine Learning Specialist do?";

describe("careerbot chat widget", { timeout: 180_000 }, () => {
  let context;
  let page;
  let userDataDir;
  const frames = [];        // every frame the server sent, parsed, in order
  const problems = [];      // script errors and CSP violations seen on the page
  let firstWelcome;

  before(async () => {
    assert.ok(serverUrl, "give the server URL as an argument or in CAREERBOT_URL");
    userDataDir = mkdtempSync(join(tmpdir(), "careerbot-chromium-"));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: chromiumPath,
      headless: true,
      args: [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        // The embedding test's host page is served by the test itself (route.fulfill), so Chromium
        // cannot place it on the local network and would block its WebSocket to 127.0.0.1.
        "--disable-features=LocalNetworkAccessChecks",
      ],
      viewport: { width: 1280, height: 800 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on("websocket", (ws) => {
      ws.on("framereceived", ({ payload }) => {
        try {
          frames.push(JSON.parse(String(payload)));
        } catch {
          frames.push({ type: "unparsable", payload: String(payload) });
        }
      });
    });
    page.on("pageerror", (err) => problems.push(`script error: ${err.message}`));
    page.on("console", (msg) => {
      if (/Content Security Policy/i.test(msg.text())) problems.push(`CSP: ${msg.text()}`);
    });
  });

  after(async () => {
    await context?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  const launcher = () => page.locator(".cb-launcher");
  const input = () => page.getByRole("textbox", { name: "Your question" });
  const botMessages = () => page.locator(".cb-log .cb-msg-bot");
  const userMessages = () => page.locator(".cb-log .cb-msg-user");

  async function waitFor(what, predicate) {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const value = await predicate();
      if (value) return value;
      if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}; frames: ${JSON.stringify(frames)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  const frameAfter = (start, type) => () => frames.slice(start).find((f) => f.type === type);

  async function waitForConnected() {
    await page.locator('.cb-root[data-connected="true"]').waitFor({ timeout: WAIT_MS });
  }

  // Sends text the way a student does and returns the reply frame and its rendered message.
  async function askAndWait(send) {
    const countBefore = await botMessages().count();
    const start = frames.length;
    await send();
    const reply = await waitFor("a reply frame", frameAfter(start, "reply"));
    await waitFor("the reply to render", async () => (await botMessages().count()) > countBefore);
    return { reply, rendered: botMessages().last() };
  }

  // The rendered bubble must carry the reply's text, with "- " lines as list items and the sources line.
  async function assertRendered(reply, rendered) {
    const bulletCount = reply.text.split("\n").filter((l) => /^\s*-\s+/.test(l)).length;
    assert.equal(await rendered.locator("li").count(), bulletCount, "each '- ' line becomes a list item");
    const shown = (await rendered.locator(".cb-bubble").innerText()).replace(/\s+/g, " ");
    const firstLine = reply.text.split("\n").find((l) => l.trim() !== "").replace(/^\s*-\s+/, "").trim();
    assert.ok(shown.includes(firstLine.replace(/\s+/g, " ")), `bubble shows the reply: ${shown}`);
    if (Array.isArray(reply.sources) && reply.sources.length) {
      const sources = await rendered.locator(".cb-sources").innerText();
      for (const s of reply.sources) assert.ok(sources.includes(s), `sources line names "${s}"`);
    } else {
      assert.equal(await rendered.locator(".cb-sources").count(), 0, "no sources line without sources");
    }
  }

  it("opens from the keyboard, moves focus into the panel and connects", async () => {
    await page.goto(serverUrl, { waitUntil: "domcontentloaded" });
    await launcher().focus();
    await page.keyboard.press("Enter");
    assert.equal(await launcher().getAttribute("aria-expanded"), "true");
    await waitFor("focus in the input", () => input().evaluate((node) => node === document.activeElement));
    firstWelcome = await waitFor("the welcome", frameAfter(0, "welcome"));
    assert.equal(firstWelcome.resumed, false, "a first visit starts a new conversation");
    assert.ok(firstWelcome.session_id, "the welcome carries a session id");
    await waitForConnected();
    assert.equal(await botMessages().count(), 1, "the welcome text is shown");
  });

  it("answers a question about the Machine Learning Specialist", async () => {
    const { reply, rendered } = await askAndWait(async () => {
      await input().fill(QUESTION);
      await page.keyboard.press("Enter");
    });
    assert.match(reply.text, /learn from data|algorithms/i, `the answer is about machine learning: ${reply.text}`);
    assert.notEqual(reply.intent, "fallback");
    assert.match(await rendered.innerText(), /learn from data|algorithms/i);
    await assertRendered(reply, rendered);
    assert.equal(await userMessages().last().innerText().then((t) => t.includes(QUESTION)), true);
    assert.equal(await input().inputValue(), "", "the input clears after sending");
    assert.ok(reply.suggestions?.length > 0, "the reply offers quick replies");
    assert.equal(await page.locator(".cb-quick .cb-chip").count(), reply.suggestions.length);
  });

  it("sends a tapped quick reply and shows its answer", async () => {
    const chip = page.locator(".cb-quick .cb-chip").first();
    const chipText = (await chip.innerText()).trim();
    const { reply, rendered } = await askAndWait(() => chip.click());
    assert.ok(reply.text.trim().length > 0, "the quick reply gets an answer");
    await assertRendered(reply, rendered);
    assert.ok((await userMessages().last().innerText()).includes(chipText), "the tapped text shows as sent");
  });

  it("closes with Escape and returns focus to the launcher", async () => {
    await input().focus();
    await page.keyboard.press("Escape");
    assert.equal(await page.locator(".cb-panel").isHidden(), true);
    assert.equal(await launcher().getAttribute("aria-expanded"), "false");
    assert.equal(await launcher().evaluate((node) => node === document.activeElement), true);
  });

  it("keeps the transcript across a reload and resumes the session", async () => {
    const userTextsBefore = await userMessages().allTextContents();
    const start = frames.length;
    await page.reload({ waitUntil: "domcontentloaded" });
    await page.locator(".cb-log .cb-msg").first().waitFor({ state: "attached", timeout: WAIT_MS });
    const welcome = await waitFor("the resumed welcome", frameAfter(start, "welcome"));
    assert.equal(welcome.resumed, true, "the reload resumed the conversation");
    assert.equal(welcome.session_id, firstWelcome.session_id, "the same session continues");
    assert.ok(Array.isArray(welcome.history) && welcome.history.length >= 2, "the history has both turns");
    assert.ok(welcome.history.some((turn) => turn.user === QUESTION));
    await waitForConnected();
    await launcher().click();
    await page.locator(".cb-log").waitFor({ state: "visible", timeout: WAIT_MS });
    assert.deepEqual(await userMessages().allTextContents(), userTextsBefore, "the student's messages stay");
    assert.ok((await botMessages().count()) >= 3, "the welcome and both answers stay");
    assert.ok((await botMessages().allTextContents()).some((t) => /learn from data|algorithms/i.test(t)));
  });

  it("shows the stored transcript at once and waits, send disabled, while the server is unreachable", async () => {
    const userTextsBefore = await userMessages().allTextContents();
    // While blocked, this route accepts every WebSocket in the browser and closes it at once, so the
    // widget never gets a welcome; afterwards it passes sockets through to the real server.
    let blocked = true;
    await page.routeWebSocket(/\/ws/, (ws) => (blocked ? ws.close() : ws.connectToServer()));
    await page.reload({ waitUntil: "domcontentloaded" });
    await page.locator(".cb-status", { hasText: /reconnecting/i }).waitFor({ timeout: WAIT_MS });
    assert.equal(await page.locator(".cb-root").getAttribute("data-connected"), "false");
    assert.equal(await page.locator(".cb-send").isDisabled(), true, "send is disabled while disconnected");
    assert.deepEqual(await userMessages().allTextContents(), userTextsBefore, "the transcript shows offline");
    blocked = false;
    await waitForConnected();
    assert.equal(await page.locator(".cb-send").isDisabled(), false);
    assert.equal(await page.locator(".cb-status").isHidden(), true, "the status line goes once connected");
    assert.deepEqual(await userMessages().allTextContents(), userTextsBefore, "the conversation resumed");
    assert.equal(await page.locator(".cb-msg-system").count(), 0, "no 'expired' note: it was a resume");
  });

  it("has no serious or critical accessibility violations (axe-core)", async () => {
    // evaluated through the DevTools protocol: the page's CSP rightly forbids injected <script> tags
    await page.evaluate(readFileSync(require.resolve("axe-core/axe.min.js"), "utf8"));
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: width === 360 ? 740 : 800 });
      const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
      const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      const summary = bad.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target).join(", ")}`);
      assert.deepEqual(summary, [], `axe at ${width} px`);
    }
  });

  it("fits a 360 px phone and a 1280 px desktop (screenshots)", async () => {
    mkdirSync(screenshotDir, { recursive: true });
    await page.setViewportSize({ width: 360, height: 740 });
    const phone = await page.locator(".cb-panel").boundingBox();
    assert.equal(Math.round(phone.width), 360, "the panel takes the full width of a phone");
    await page.screenshot({ path: join(screenshotDir, "widget-360.png") });
    await page.setViewportSize({ width: 1280, height: 800 });
    const desktop = await page.locator(".cb-panel").boundingBox();
    assert.ok(desktop.width < 640, "on a desktop the panel is a side window");
    await page.screenshot({ path: join(screenshotDir, "widget-1280.png") });
  });

  it("renders server text as text, never as markup (scripted socket)", async () => {
    // A second tab whose WebSocket is answered by this script instead of the server, to send text the
    // real content never has: markup, bullets, sources, an error frame, and a reply held back on purpose.
    const tab = await context.newPage();
    tab.on("pageerror", (err) => problems.push(`script error in the scripted tab: ${err.message}`));
    let socket;
    await tab.routeWebSocket(/\/ws/, (ws) => {
      socket = ws;
      ws.send(JSON.stringify({
        type: "welcome", session_id: "scripted", resumed: false,
        text: 'Hello <img src=x onerror="window.__injected=1">', suggestions: ["<b>tap me</b>"],
      }));
    });
    try {
      await tab.goto(serverUrl, { waitUntil: "domcontentloaded" });
      await tab.locator(".cb-launcher").click();
      await tab.locator('.cb-root[data-connected="true"]').waitFor({ timeout: WAIT_MS });
      const sent = [];
      socket.onMessage((m) => sent.push(JSON.parse(String(m))));
      await tab.locator(".cb-quick .cb-chip").click();
      await waitFor("the tapped suggestion to be sent", () => sent.length === 1);
      assert.equal(sent[0].type, "message");
      assert.equal(sent[0].text, "<b>tap me</b>");
      assert.equal(await tab.locator(".cb-typing").isVisible(), true, "typing shows while the reply is due");
      socket.send(JSON.stringify({
        type: "reply", text: "Intro <script>window.__injected=2</script>\n- first <i>item</i>\n- second\nAfter",
        intent: "x", confidence: 1, career: null, suggestions: ["<b>Tap me</b>?", "Another question"],
        reply_to: sent[0].id,
        sources: ["Guide, Section <u>one</u>", "Other guide"],
      }));
      const bot = tab.locator(".cb-log .cb-msg-bot").last();
      await bot.locator("li").nth(1).waitFor({ timeout: WAIT_MS });
      assert.equal(await tab.locator(".cb-typing").isHidden(), true, "typing hides once answered");
      assert.deepEqual(await bot.locator("li").allTextContents(), ["first <i>item</i>", "second"]);
      assert.deepEqual(await bot.locator(".cb-bubble > p").allTextContents(), ["Intro <script>window.__injected=2</script>", "After"]);
      assert.equal(await bot.locator(".cb-sources").innerText(), "Sources: Guide, Section <u>one</u>; Other guide");
      assert.equal(await tab.locator(".cb-log").locator("img, script, b, i, u").count(), 0, "no element from text");
      assert.deepEqual(await tab.locator(".cb-quick .cb-chip").allTextContents(), ["Another question"],
        "a suggestion repeating the question just asked is left out");
      await tab.getByRole("textbox", { name: "Your question" }).fill("too fast");
      await tab.keyboard.press("Enter");
      await waitFor("the second message", () => sent.length === 2);
      socket.send(JSON.stringify({ type: "error", code: "rate_limited", message: "Too many messages" }));
      await tab.locator(".cb-msg-system").waitFor({ timeout: WAIT_MS });
      assert.match(await tab.locator(".cb-msg-system").innerText(), /wait a moment/);
      assert.equal(await tab.evaluate(() => window.__injected), undefined, "no injected code ran");
    } finally {
      await tab.close();
    }
  });

  it("honours its options and its JavaScript API (an embedding page)", async () => {
    // A host page of our own, served by the browser, embedding the real server's widget.js with every
    // option set and the accent colour overridden through a CSS custom property.
    const tab = await context.newPage();
    tab.on("pageerror", (err) => problems.push(`script error on the embedding page: ${err.message}`));
    const pageUrl = new URL("embedding-test.html", serverUrl).href;
    await tab.route(pageUrl, (route) => route.fulfill({
      contentType: "text/html; charset=utf-8",
      body: `<!doctype html><html lang="en"><head><title>Embedding test</title>
        <style>:root { --careerbot-accent: rgb(10, 107, 69); }</style></head>
        <body><main><h1>A school site</h1></main>
        <script src="widget.js" data-title="School guide" data-greeting="Namaste! Ask me about careers."
          data-position="left" data-open="true" data-lang="hi" defer></script></body></html>`,
    }));
    // No transitions: the launcher's colour is read once, and must not be caught mid-fade.
    await tab.emulateMedia({ reducedMotion: "reduce" });
    try {
      await tab.goto(pageUrl, { waitUntil: "domcontentloaded" });
      const root = tab.locator(".cb-root");
      await tab.locator('.cb-root[data-connected="true"]').waitFor({ timeout: WAIT_MS });
      assert.equal(await tab.locator(".cb-panel").isVisible(), true, "data-open opens the panel on load");
      assert.equal(await tab.locator(".cb-title").innerText(), "School guide");
      assert.equal(await root.getAttribute("lang"), "hi");
      assert.equal(await tab.locator(".cb-send").innerText(), "भेजें", "data-lang=hi labels the widget in Hindi");
      const box = await root.boundingBox();
      assert.ok(box.x < 100, `data-position=left puts the widget on the left (x = ${box.x})`);
      assert.equal(await tab.locator(".cb-launcher").evaluate((n) => getComputedStyle(n).backgroundColor),
        "rgb(10, 107, 69)", "--careerbot-accent colours the launcher");
      assert.deepEqual(await tab.locator(".cb-log .cb-msg-bot").allTextContents().then((t) => t.map((x) => x.trim())),
        ["Careerbot ने कहा:Namaste! Ask me about careers."], "data-greeting replaces the welcome text");

      await tab.evaluate(() => {
        window.__seen = [];
        window.careerbot.on("message", (m) => window.__seen.push(`${m.who}: ${m.text.slice(0, 30)}`));
        for (const name of ["open", "close"]) window.addEventListener(`careerbot:${name}`, () => window.__seen.push(name));
      });
      await tab.evaluate((q) => window.careerbot.send(q), QUESTION);
      await waitFor("the API's question to be answered",
        () => tab.evaluate(() => window.__seen.some((s) => s.startsWith("bot: "))));
      const seen = await tab.evaluate(() => window.__seen);
      assert.equal(seen[0], `user: ${QUESTION.slice(0, 30)}`, `send() asks like typing: ${seen}`);
      assert.match(await tab.locator(".cb-log .cb-msg-bot").last().innerText(), /learn from data|algorithms/i);
      await tab.evaluate(() => window.careerbot.close());
      assert.equal(await tab.locator(".cb-panel").isHidden(), true, "close() hides the panel");
      await tab.evaluate(() => window.careerbot.open());
      assert.equal(await tab.locator(".cb-panel").isVisible(), true, "open() shows it again");
      const events = await tab.evaluate(() => window.__seen.filter((s) => s === "open" || s === "close"));
      assert.deepEqual(events, ["close", "open"], "close and open are announced");
    } finally {
      await tab.close();
    }
  });

  it("has no script errors or Content Security Policy violations", () => {
    assert.deepEqual(problems, []);
  });
});

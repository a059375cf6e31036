// First load as a user on a slow phone feels it: each page opened cold (empty cache)
// in Chromium under slow 4G (4 Mbit/s, 150 ms round trip) and a 4x slower CPU.
// Prints, per page, the code and CSS transferred (bytes on the wire, and in how many
// requests: each costs a round trip on one of six connections), the time until
// the page is hydrated and, on the play page, until the editor takes a keystroke.
// Asserts nothing. BASE_URL says where the server is.
import { chromium } from 'playwright-core';

const base = process.env.BASE_URL ?? 'http://127.0.0.1:3000';
const runs = Number(process.env.FIRST_LOAD_RUNS ?? 3);
const password = 'a sufficiently long password';

async function signedInCookie() {
  const name = `load${Date.now().toString(36)}`;
  const response = await fetch(`${base}/api/v1/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: name, email: `${name}@example.com`, password }),
  });
  if (!response.ok) throw new Error(`registering failed: ${response.status} ${await response.text()}`);
  return response.headers.get('set-cookie').split(';')[0].split('=');
}

async function firstPuzzle() {
  const list = await (await fetch(`${base}/api/v1/puzzle?pageSize=1`)).json();
  return list.items[0]._id;
}

const isCode = (type, mime) =>
  type === 'Script' || type === 'Stylesheet' || mime === 'application/wasm' || mime.includes('javascript');

async function load(browser, cookie, path, { editor }) {
  const context = await browser.newContext();
  if (cookie) await context.addCookies([{ name: cookie[0], value: cookie[1], url: base }]);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 150, downloadThroughput: 500_000, uploadThroughput: 500_000,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const kinds = new Map();
  let code = 0;
  let requests = 0;
  cdp.on('Network.responseReceived', (e) => kinds.set(e.requestId, isCode(e.type, e.response.mimeType)));
  cdp.on('Network.loadingFinished', (e) => { if (kinds.get(e.requestId)) { code += e.encodedDataLength; requests += 1; } });
  // The moment hydration marks the document, noted by the page itself, so that typing
  // into the editor (which works before hydration) can be timed independently.
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.documentElement?.dataset.hydrated !== 'true') return;
      window.hydratedAt = performance.now();
      observer.disconnect();
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-hydrated'] });
  });
  await page.goto(base + path, { waitUntil: 'commit' });
  let typing = null;
  if (editor) {
    const content = page.locator('.cm-content');
    await content.waitFor({ timeout: 120_000 });
    await content.click();
    await page.keyboard.type('#');
    await page.waitForFunction(() => document.querySelector('.cm-content')?.textContent.includes('#'));
    typing = await page.evaluate(() => performance.now());
  }
  const hydrated = await (await page.waitForFunction(() => window.hydratedAt, null, { timeout: 120_000 })).jsonValue();
  await page.waitForLoadState('networkidle');
  await context.close();
  return { code, requests, hydrated, typing };
}

const median = (values) => values.slice().sort((a, b) => a - b)[Math.floor(values.length / 2)];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const cookie = await signedInCookie();
const puzzle = await firstPuzzle();
const pages = [
  ['home', '/', {}],
  ['catalogue', '/puzzles', {}],
  ['puzzle page', `/puzzles/${puzzle}`, {}],
  ['play page (signed in)', `/puzzles/${puzzle}/play`, { editor: true }],
];
console.log(`  cold loads, slow 4G + 4x CPU, median of ${runs}:`);
for (const [name, path, options] of pages) {
  const results = [];
  for (let i = 0; i < runs; i += 1) results.push(await load(browser, cookie, path, options));
  const kib = median(results.map((r) => r.code)) / 1024;
  const requests = median(results.map((r) => r.requests));
  const hydrated = median(results.map((r) => r.hydrated)) / 1000;
  const typing = options.editor ? `, editor takes typing at ${(median(results.map((r) => r.typing)) / 1000).toFixed(2)} s` : '';
  console.log(`    ${name}: ${kib.toFixed(0)} KiB of code and CSS in ${requests} requests, hydrated at ${hydrated.toFixed(2)} s${typing}`);
}
await browser.close();

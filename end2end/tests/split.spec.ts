import { expect, freshName, register, test, waitForHydration } from './fixtures';

// Pages are server-rendered; only their islands hydrate, and the lazy ones (the play
// page, the account pages' island with the settings) bring their own WASM module. Following links from a
// first load, each page's islands load and hydrate, and the assets come precompressed
// and immutable (the editor's entry, whose name stays, revalidated instead).
test('lazy islands load and work after following links', async ({ page }) => {
  const wasm: string[] = [];
  page.on('response', (response) => {
    if (response.url().endsWith('.wasm')) wasm.push(new URL(response.url()).pathname);
  });
  await register(page, freshName('split'));
  await page.goto('/');
  await waitForHydration(page);
  const firstLoad = wasm.length;

  // The catalogue has no island of its own; the play page's is a chunk of its own.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Puzzles' }).click();
  await expect(page).toHaveURL(/\/puzzles$/);
  await page.getByTestId('puzzle-list').getByRole('link').first().click();
  await page.getByRole('link', { name: 'Solve' }).click();
  await expect(page).toHaveURL(/\/play$/);
  // The editor takes typing, and the island's chunk is fetched.
  const editor = page.locator('.cm-content');
  await editor.click();
  await page.keyboard.type('print(42)');
  await expect(editor).toContainText('print(42)');
  expect(wasm.length, 'the play page fetched its chunks').toBeGreaterThan(firstLoad);

  // The settings, another lazy island, hydrate too: the form answers without a reload.
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page).toHaveURL(/\/settings$/);
  await waitForHydration(page);
  await page.getByLabel('Bio').fill('Split and hydrated.');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
});

test('the bundle is served precompressed with immutable names', async ({ page, request }) => {
  await page.goto('/');
  const script = await page.locator('link[rel="modulepreload"]').first().getAttribute('href');
  expect(script).toMatch(/^\/pkg\/codincod\.[\w-]+\.js$/);
  const response = await request.get(script!, { headers: { 'accept-encoding': 'br' } });
  expect(response.headers()['content-encoding']).toBe('br');
  expect(response.headers()['cache-control']).toContain('immutable');
  const missing = await request.get('/pkg/codincod.nope.js');
  expect(missing.status()).toBe(404);
  expect(missing.headers()['cache-control'] ?? '').not.toContain('immutable');
});

test('the editor comes precompressed: its chunks kept for good, its entry revalidated', async ({ request }) => {
  const entry = await request.get('/editor/index.js', { headers: { 'accept-encoding': 'br' } });
  expect(entry.headers()['content-encoding']).toBe('br');
  expect(entry.headers()['cache-control']).toBe('no-cache');
  const unchanged = await request.get('/editor/index.js', {
    headers: { 'if-modified-since': entry.headers()['last-modified'] },
  });
  expect(unchanged.status()).toBe(304);
  // A language's chunk, named by the entry.
  const chunk = (await entry.text()).match(/chunks\/[\w-]+\.js/)?.[0];
  expect(chunk).toBeTruthy();
  const response = await request.get(`/editor/${chunk}`, { headers: { 'accept-encoding': 'br' } });
  expect(response.headers()['content-encoding']).toBe('br');
  expect(response.headers()['cache-control']).toContain('immutable');
});

import { type Page } from '@playwright/test';
import { expect, freshName, register, startSoloGame, test, waitForHydration } from './fixtures';

/** The page does not scroll sideways, and its navigation can be reached. */
async function fits(page: Page, width: number): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${page.url()} overflows at ${width} px`).toBeLessThanOrEqual(0);
  const nav = page.getByRole('navigation', { name: 'Main' });
  if (width < 760) {
    await page.getByRole('button', { name: 'Menu' }).click();
  }
  await expect(nav.getByRole('link', { name: 'Puzzles' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Multiplayer' })).toBeVisible();
}

for (const width of [375, 1366]) {
  test(`every page fits ${width} px`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width, height: 900 });
    await register(page, freshName('wide'));

    // A puzzle of the viewer's own with long hidden tests, as its author sees it.
    const long = 'x'.repeat(3000);
    const created = await page.request.post('/api/v1/puzzle', { data: { title: 'Long lines everywhere' } });
    expect(created.status()).toBe(201);
    const id = (await created.json())._id;
    const updated = await page.request.put(`/api/v1/puzzle/${id}`, {
      data: {
        statement: `A statement with a long word: ${'y'.repeat(1500)}`,
        validators: [
          { input: long, output: long, isPublic: true },
          { input: `${long} ${long}`, output: long, isPublic: false },
        ],
      },
    });
    expect(updated.status()).toBe(200);

    const reverse = await (async () => {
      await page.goto('/puzzles?q=Reverse');
      return (await page.getByRole('link', { name: 'Reverse a string' }).getAttribute('href'))!;
    })();
    for (const path of ['/puzzles', '/puzzles/mine', `/puzzles/${id}`, `${reverse}/play`]) {
      await page.goto(path);
      await waitForHydration(page);
      await fits(page, width);
    }

    await startSoloGame(page);
    await waitForHydration(page);
    await expect(page.locator('.cm-content')).toBeVisible({ timeout: 30_000 });
    await fits(page, width);
  });
}

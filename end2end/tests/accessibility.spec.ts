import AxeBuilder from '@axe-core/playwright';
import { type Page } from '@playwright/test';
import { expect, logIn, startSoloGame, test, waitForHydration } from './fixtures';

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Every WCAG 2.x A/AA violation on the open page, one readable line each. */
async function violations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  return violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} — ${n.failureSummary ?? ''}`));
}

async function audit(page: Page, path: string): Promise<void> {
  for (const theme of ['light', 'dark']) {
    await page.context().addCookies([{ name: 'theme', value: theme, url: page.url() === 'about:blank' ? process.env.BASE_URL ?? 'http://127.0.0.1:3000' : page.url() }]);
    await page.goto(path);
    await waitForHydration(page);
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    // Soft, so one run lists every page's violations.
    expect.soft(await violations(page), `${path} in the ${theme} theme`).toEqual([]);
  }
}

async function puzzleId(page: Page, title: string): Promise<string> {
  await page.goto(`/puzzles?q=${encodeURIComponent(title)}`);
  const href = await page.getByRole('link', { name: title }).getAttribute('href');
  return href!.split('/').pop()!;
}

test('pages for visitors have no WCAG A/AA violation in either theme', async ({ page }) => {
  test.setTimeout(120_000);
  const id = await puzzleId(page, 'Reverse a string');
  for (const path of ['/', '/puzzles', `/puzzles/${id}`, '/login', '/register', '/languages', '/leaderboards', '/profile/alice', '/nowhere']) {
    await audit(page, path);
  }
});

test('pages for players have no WCAG A/AA violation in either theme', async ({ page }) => {
  test.setTimeout(180_000);
  await logIn(page, 'bob', 'codincod-demo-password');
  await expect(page.getByTestId('account-name')).toHaveText('bob');
  const id = await puzzleId(page, 'Reverse a string');
  for (const path of ['/', '/puzzles', `/puzzles/${id}`, `/puzzles/${id}/play`, '/puzzles/mine', '/puzzles/create', '/settings', '/profile/bob', '/multiplayer', '/leaderboards']) {
    await audit(page, path);
  }
  // A receipt and a game page.
  await page.goto(`/puzzles/${id}/play`);
  await waitForHydration(page);
  await expect(page.locator('.cm-content')).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByTestId('verdict-banner')).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('history').getByRole('link').first().click();
  await expect(page).toHaveURL(/\/submissions\//);
  await audit(page, new URL(page.url()).pathname);

  await startSoloGame(page);
  await audit(page, new URL(page.url()).pathname);
});

test('the moderation desk has no WCAG A/AA violation in either theme', async ({ page }) => {
  test.setTimeout(120_000);
  await logIn(page, 'alice', 'codincod-demo-password');
  await expect(page.getByTestId('account-name')).toHaveText('alice');
  for (const path of ['/moderation', '/moderation/review', '/moderation/reports', '/moderation/users', '/moderation/audit']) {
    await audit(page, path);
  }
});


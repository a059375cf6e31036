import { expect, lobbyPlayer, test, waitForHydration, writePython } from './fixtures';

test('a rated game reaches the leaderboard, the profile chart and the puzzle difficulty', async ({ browser }) => {
  test.setTimeout(150_000);
  const host = await lobbyPlayer(browser, 'rated');
  const guest = await lobbyPlayer(browser, 'rival');

  // Both are seated before the start of a rated backwards game (rated is the default; backwards scores failing code too).
  await host.page.getByLabel('Mode').selectOption('backwards');
  await host.page.getByLabel('Countdown before the puzzle appears').selectOption('5');
  await host.page.getByRole('button', { name: 'Host room' }).click();
  await expect(host.page.getByTestId('members')).toContainText(host.name);
  await guest.page.getByTestId('rooms').getByRole('button', { name: 'Join' }).click();
  await expect(host.page.getByTestId('members')).toContainText(guest.name);
  await host.page.getByRole('button', { name: 'Start game' }).click();
  for (const { page } of [host, guest]) {
    await expect(page).toHaveURL(/\/multiplayer\/[0-9a-f]{24}$/);
    await waitForHydration(page);
  }
  await writePython(host.page, 'print("host")');
  await host.page.getByRole('button', { name: 'Submit' }).click();
  await writePython(guest.page, 'print("guest")');
  await guest.page.getByRole('button', { name: 'Submit' }).click();
  for (const { page } of [host, guest]) {
    await expect(page.getByRole('heading', { name: 'Final standings' })).toBeVisible({ timeout: 60_000 });
  }

  // The backwards board is taken again seconds after the game: both are listed with
  // their new (provisional) ratings, and the signed-in user's row is highlighted.
  const board = host.page.getByTestId('leaderboard');
  await expect(async () => {
    await host.page.goto('/leaderboards?mode=backwards');
    await expect(board).toContainText(guest.name, { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  const own = board.locator('tr.is-own');
  await expect(own).toHaveCount(1);
  await expect(own).toContainText(host.name);
  await expect(own).toHaveAttribute('aria-current', 'true');
  const ratings = await Promise.all(
    [host.name, guest.name].map(async (name) =>
      Number(((await board.locator('tr', { hasText: name }).getByTestId('rating').textContent()) ?? '').match(/^\d+/)![0]),
    ),
  );
  expect(ratings.every((rating) => rating !== 1500), `new ratings: ${ratings}`).toBe(true);
  expect(ratings[0] + ratings[1]).toBeGreaterThan(2900);

  // The profile's chart is drawn on the server: it shows with JavaScript disabled.
  const noScript = await browser.newContext({ javaScriptEnabled: false });
  const profile = await noScript.newPage();
  await profile.goto(`/profile/${host.name}`);
  const card = profile.locator('[data-board="backwards"]');
  await expect(card).toBeVisible();
  const chart = card.getByRole('img', { name: /Backwards rating over the last 1 rating/ });
  await expect(chart).toBeVisible();
  await expect(chart.locator('polyline')).toHaveCount(1);
  await expect(card.getByTestId('profile-rating')).toHaveText(String(ratings[0]));
  await expect(profile.getByTestId('played-games')).toContainText(/(1st|2nd) of 2/);
  await noScript.close();

  // Both first verdicts on the game's puzzle were solo matches: the catalogue sorts it
  // first by calibrated difficulty, and its page shows the rating.
  await expect(async () => {
    await host.page.goto('/puzzles?sort=calibrated');
    await expect(host.page.getByTestId('puzzle-list').getByTestId('calibrated').first()).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 10_000 });
  const calibrated = host.page.getByTestId('puzzle-list').locator('tbody tr').first();
  await expect(calibrated.getByTestId('calibrated')).toHaveText(/^\d+\??$/);
  await calibrated.getByRole('link').first().click();
  await expect(host.page.locator('.puzzle__meta').getByTestId('calibrated')).toHaveText(/^\d+\??$/);

  for (const { page } of [host, guest]) {
    await page.context().close();
  }
});

import { expect, freshName, lobbyPlayer, register, test, waitForHydration, writePython } from './fixtures';

test('a late joiner plays, examples run, a spectator watches, and both players take a rematch', async ({ browser }) => {
  test.setTimeout(150_000);
  const host = await lobbyPlayer(browser, 'host');
  const guest = await lobbyPlayer(browser, 'late');

  // The host picks a 5 s countdown; each mode says what wins.
  await host.page.getByLabel('Mode').selectOption('backwards');
  await expect(host.page.getByTestId('mode-description')).toContainText('fewest attempts');
  await host.page.getByLabel('Countdown before the puzzle appears').selectOption('5');
  await host.page.getByRole('button', { name: 'Host room' }).click();
  await expect(host.page.getByTestId('members')).toContainText(host.name);
  await host.page.getByRole('button', { name: 'Start game' }).click();
  await expect(host.page).toHaveURL(/\/multiplayer\/[0-9a-f]{24}$/);
  const gameUrl = host.page.url();
  await expect(host.page.getByTestId('clock')).toHaveText(/Starts in [0-5] s/);

  // The room stays listed during the countdown, and a late joiner takes a seat.
  const rooms = guest.page.getByTestId('rooms');
  await expect(rooms.getByRole('button', { name: 'Join' })).toHaveCount(1);
  await rooms.getByRole('button', { name: 'Join' }).click();
  await expect(guest.page).toHaveURL(gameUrl);
  await waitForHydration(guest.page);
  await expect(guest.page.getByTestId('players')).toContainText(guest.name);

  // The examples run with the keyboard; a failing one shows its diff.
  await writePython(guest.page, 'print("nope")');
  await guest.page.keyboard.press('Control+Enter');
  const example = guest.page.getByTestId('example-result').first();
  await expect(example).toContainText('Wrong answer', { timeout: 30_000 });
  await expect(example.locator('.diff__row--differs').first()).toBeVisible();
  // Submitting with the keyboard; the rejected submission says which examples failed.
  await guest.page.keyboard.press('Control+Shift+Enter');
  await expect(guest.page.getByTestId('verdict-banner')).toContainText('Not accepted', { timeout: 60_000 });
  await expect(guest.page.getByTestId('failed-examples')).toContainText('Wrong answer');

  // A spectator follows the standings live; code appears only at the end.
  const spectator = await lobbyPlayer(browser, 'watch');
  await spectator.page.goto(gameUrl);
  await waitForHydration(spectator.page);
  await expect(spectator.page.getByTestId('watching')).toBeVisible();
  await expect(spectator.page.getByTestId('standings')).toContainText(guest.name);
  await expect(spectator.page.getByTestId('standings')).not.toContainText('print("nope")');

  await writePython(host.page, 'print("host")');
  await host.page.getByRole('button', { name: 'Submit' }).click();
  for (const { page } of [host, guest, spectator]) {
    await expect(page.getByRole('heading', { name: 'Final standings' })).toBeVisible({ timeout: 60_000 });
  }
  await spectator.page.getByText(`${guest.name}'s code`).click();
  await expect(spectator.page.getByTestId('standings')).toContainText('print("nope")');
  await expect(spectator.page.getByRole('link', { name: 'Rematch' })).toHaveCount(0);

  // Both players take a rematch into the same new room; its host may start it.
  for (const { page } of [guest, host]) {
    await page.getByRole('link', { name: 'Rematch' }).click();
    await expect(page).toHaveURL(/\/multiplayer\?rematch=/);
    await waitForHydration(page);
  }
  for (const { page } of [host, guest]) {
    await expect(page.getByTestId('members')).toContainText(host.name);
    await expect(page.getByTestId('members')).toContainText(guest.name);
  }
  await expect(guest.page.getByRole('button', { name: 'Start game' })).toBeVisible();
  for (const { page } of [host, guest, spectator]) await page.context().close();
});

test('the keyboard runs and submits on the play page', async ({ page }) => {
  await register(page, freshName('keys'));
  await page.goto('/puzzles');
  await page.getByTestId('puzzle-list').getByRole('link').first().click();
  await page.getByRole('link', { name: 'Solve' }).click();
  await waitForHydration(page);
  await expect(page.getByRole('button', { name: /Run examples/ })).toContainText('Ctrl+Enter');
  await writePython(page, 'print("nope")');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('example-result').first()).toContainText('Wrong answer', { timeout: 30_000 });
  await page.keyboard.press('Control+Shift+Enter');
  await expect(page.getByTestId('verdict-banner')).toContainText('Not accepted', { timeout: 60_000 });
});

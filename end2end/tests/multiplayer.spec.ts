import { type Page } from '@playwright/test';
import { expect, lobbyPlayer, test, waitForHydration, writePython } from './fixtures';

test('two players host, join, chat, start, submit and see the same standings', async ({ browser }) => {
  test.setTimeout(120_000);
  const host = await lobbyPlayer(browser, 'host');
  const guest = await lobbyPlayer(browser, 'guest');

  // The host opens a private room; the guest joins it with the invite code.
  await host.page.getByLabel('Private (join by invite code)').check();
  await host.page.getByLabel('Mode').selectOption('backwards');
  await host.page.getByRole('button', { name: 'Host room' }).click();
  const code = (await host.page.getByTestId('invite-code').textContent())!;
  expect(code).toMatch(/^[A-Z0-9]{6}$/);
  // A message half-written while somebody joins is not lost to the room's update.
  await host.page.getByLabel('Message').fill('good luck');
  await guest.page.getByRole('textbox', { name: 'Invite code' }).fill(code.toLowerCase());
  await guest.page.getByRole('button', { name: 'Join', exact: true }).click();
  for (const { page } of [host, guest]) {
    await expect(page.getByTestId('members')).toContainText(host.name);
    await expect(page.getByTestId('members')).toContainText(guest.name);
  }
  await expect(guest.page.getByRole('button', { name: 'Start game' })).toHaveCount(0);

  // Chat reaches both, with the sender's name taken from the session.
  await guest.page.getByLabel('Message').fill('hello from the guest');
  await guest.page.getByLabel('Message').press('Enter');
  await expect(host.page.getByTestId('room-chat')).toContainText(`${guest.name}: hello from the guest`);
  await expect(host.page.getByLabel('Message')).toHaveValue('good luck');
  await host.page.getByRole('button', { name: 'Send' }).click();
  await expect(guest.page.getByTestId('room-chat')).toContainText(`${host.name}: good luck`);

  // The host starts; both land on the game page and see the countdown.
  await host.page.getByRole('button', { name: 'Start game' }).click();
  for (const { page } of [host, guest]) {
    await expect(page).toHaveURL(/\/multiplayer\/[0-9a-f]{24}$/);
    await waitForHydration(page);
    await expect(page.getByRole('heading', { name: 'backwards game' })).toBeVisible();
    await expect(page.getByTestId('players')).toContainText(guest.name);
  }
  expect(host.page.url()).toEqual(guest.page.url());
  await expect(host.page.getByTestId('clock')).toContainText(/Starts in|left/);

  // Both write; the host submits first (backwards mode scores failing code too). The
  // guest sees it live, and what the guest wrote survives that update.
  await writePython(host.page, 'print("host")');
  await writePython(guest.page, 'print("the guest")');
  await host.page.getByRole('button', { name: 'Submit' }).click();
  await expect(guest.page.getByTestId('players').locator('li', { hasText: host.name })).toContainText('submitted', {
    timeout: 30_000,
  });
  await expect(guest.page.locator('.cm-content')).toHaveText('print("the guest")');
  // The game ends once everybody has submitted, and the standings agree.
  await guest.page.getByRole('button', { name: 'Submit' }).click();
  for (const { page } of [host, guest]) {
    await expect(page.getByRole('heading', { name: 'Final standings' })).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('clock')).toHaveText('Game over');
    await expect(page.getByTestId('standings').locator('tbody tr:not(.standings__code)')).toHaveCount(2);
  }
  const standings = async (page: Page) =>
    page.getByTestId('standings').locator('tbody tr:not(.standings__code)').allInnerTexts();
  expect(await standings(host.page)).toEqual(await standings(guest.page));
  // The code of every player is revealed after the end.
  await guest.page.getByText(`${host.name}'s code`).click();
  await expect(guest.page.getByTestId('standings')).toContainText('print("host")');
  for (const { page, problems } of [host, guest]) {
    expect(problems, 'errors in the browser').toEqual([]);
    await page.context().close();
  }
});

import type { BanBody, Banned, UserFound } from '../types/codincod';
import { DEMO_MODERATOR, PASSWORD, apiLogIn, expect, freshName, json, logIn, register, test, waitForHydration } from './fixtures';

test('register, log out and log in again', async ({ page }) => {
  const username = freshName('pw');
  await register(page, username);
  await expect(page).toHaveURL('/');

  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page.getByRole('link', { name: 'Log in' })).toBeVisible();
  await expect(page.getByTestId('account-name')).toHaveCount(0);

  await logIn(page, username);
  await expect(page.getByTestId('account-name')).toHaveText(username);
  await page.reload();
  await expect(page.getByTestId('account-name')).toHaveText(username, { timeout: 5000 });
});

test('registration validates as you type and reports server errors per field', async ({ page }) => {
  await page.goto('/register');
  await waitForHydration(page);
  const username = page.getByLabel('Username');
  await username.fill('ab');
  await username.blur();
  await expect(page.getByText('Username must be between 3 and 20 characters')).toBeVisible();
  await username.fill('fine_name');
  await expect(page.getByText('Username must be between 3 and 20 characters')).toHaveCount(0);

  const password = page.getByLabel('Password');
  await password.fill('short');
  await password.blur();
  await expect(page.getByText('Password must be at least 14 characters')).toBeVisible();

  // The seeded user "bob" exists: the server says so next to the field.
  await username.fill('BOB');
  await page.getByLabel('E-mail').fill(`${freshName('mail')}@example.com`);
  await password.fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText('Username already exists')).toBeVisible();
  await expect(page).toHaveURL('/register');
});

test('a wrong password is refused with a message', async ({ page }) => {
  await logIn(page, 'bob', 'definitely not the password');
  await expect(page.getByRole('alert').filter({ hasText: 'Invalid email/username or password' })).toBeVisible();
  await expect(page.getByTestId('account-name')).toHaveCount(0);
});

test('the login form works with JavaScript disabled', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(baseURL + '/login');
  await page.getByLabel('Username or e-mail').fill('carol');
  await page.getByLabel('Password').fill('not the right password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByText('Invalid email/username or password')).toBeVisible();

  await page.getByLabel('Username or e-mail').fill('carol');
  await page.getByLabel('Password').fill('codincod-demo-password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(baseURL + '/');
  await expect(page.getByTestId('account-name')).toHaveText('carol');
  await context.close();
});

test('a preference is saved on the server and applied after reload', async ({ page, context }) => {
  await register(page, freshName('pref'));
  await page.goto('/settings');
  await waitForHydration(page);
  await page.getByLabel('Theme', { exact: true }).selectOption('dark');
  await page.getByLabel('Editor key bindings').selectOption('vim');
  await page.getByRole('button', { name: 'Save preferences' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();

  // Forget the browser's own theme cookie: the saved preference must bring it back.
  await context.clearCookies({ name: 'theme' });
  await page.reload();
  await expect(page.getByLabel('Editor key bindings')).toHaveValue('vim');
  await expect(page.getByLabel('Theme', { exact: true })).toHaveValue('dark');
});

test('profile changes show on the public profile', async ({ page }) => {
  const username = freshName('prof');
  await register(page, username);
  await page.goto('/settings');
  await waitForHydration(page);
  await page.getByLabel('Bio').fill('I like graph problems.');
  await page.getByLabel('Location').fill('Ghent');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();

  await page.goto(`/profile/${username}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(username);
  await expect(page.getByText('I like graph problems.')).toBeVisible();
  await expect(page.getByText(/Ghent/)).toBeVisible();
});

test('unknown profiles are a 404 page', async ({ page }) => {
  const response = await page.goto('/profile/no-such-user-here');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('This page does not exist');
});

test('a banned user is refused with the reason', async ({ page, request }) => {
  const username = freshName('ban');
  await register(page, username);
  const id = (await json<UserFound>(await request.get(`/api/v1/user/${username}`))).user._id;

  // The seeded moderator bans them through the API.
  await apiLogIn(request, DEMO_MODERATOR);
  const order: BanBody = { reason: 'testing the ban flow' };
  const { ban } = await json<Banned>(await request.post(`/api/v1/moderation/user/${id}/ban/permanent`, { data: order }));
  expect([ban.userId, ban.banType, ban.isActive]).toEqual([id, 'permanent', true]);

  await page.reload();
  await expect(page.getByRole('link', { name: 'Log in' })).toBeVisible();
  await logIn(page, username);
  await expect(page.getByText('You have been permanently banned. Reason: testing the ban flow')).toBeVisible();
  await expect(page.getByTestId('account-name')).toHaveCount(0);
});

test('settings ask anonymous visitors to log in', async ({ page }) => {
  await page.goto('/settings');
  await expect(page.getByText('Log in to change your settings.')).toBeVisible();
});

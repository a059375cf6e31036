import { expect, freshName, PASSWORD, register, test, waitForHydration } from './fixtures';

// Pages for signed-in players answer a visitor at once with 401 and a sign-in link
// that comes back, instead of failing later.
for (const path of ['/submissions/507f1f77bcf86cd799439011', '/puzzles/create', '/puzzles/mine', '/settings', '/multiplayer']) {
  test(`${path} asks a visitor to sign in first`, async ({ page }) => {
    const response = await page.goto(path);
    expect(response?.status()).toBe(401);
    const prompt = page.getByTestId('sign-in-prompt');
    await expect(prompt).toBeVisible();
    const href = await prompt.getByRole('link', { name: 'Log in' }).getAttribute('href');
    expect(decodeURIComponent(href!.split('next=')[1])).toBe(path);
  });
}

test('signing in from the prompt comes back to the page', async ({ page }) => {
  const name = freshName('back');
  await register(page, name);
  await page.getByRole('button', { name: 'Log out' }).click();
  // Signed out once the menu says so; navigating earlier could cut the logout short.
  await expect(page.getByRole('link', { name: 'Log in' })).toBeVisible();
  await page.goto('/puzzles/create');
  await waitForHydration(page);
  await page.getByTestId('sign-in-prompt').getByRole('link', { name: 'Log in' }).click();
  await waitForHydration(page);
  await page.getByLabel('Username or e-mail').fill(name);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/puzzles\/create$/);
  await expect(page.getByRole('heading', { name: 'Write a puzzle' })).toBeVisible();
});

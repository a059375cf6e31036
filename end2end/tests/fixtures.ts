import { expect, test as base, type APIRequestContext, type APIResponse, type Page } from '@playwright/test';
import type { LoginBody, Message, RegisterBody } from '../types/codincod';

/** Resolves once the page's WASM bundle has hydrated the server-rendered markup. */
export async function waitForHydration(page: Page): Promise<void> {
  await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
}

/** A test whose page fails it on any uncaught script error or console error. */
export const test = base.extend<{ failOnPageErrors: void }>({
  failOnPageErrors: [
    async ({ page }, use) => {
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error' && !message.text().includes('status of 4')) {
          problems.push(`console: ${message.text()}`);
        }
      });
      await use();
      expect(problems, 'errors in the browser').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

export const PASSWORD = 'a sufficiently long password';
let counter = 0;
/** A username nobody has taken in this run. */
export function freshName(prefix: string): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36).slice(-5)}${counter}`;
}

export async function register(page: Page, username: string): Promise<void> {
  await page.goto('/register');
  await waitForHydration(page);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('E-mail').fill(`${username}@example.com`);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByTestId('account-name')).toHaveText(username);
}

export async function logIn(page: Page, identifier: string, password = PASSWORD): Promise<void> {
  await page.goto('/login');
  await waitForHydration(page);
  await page.getByLabel('Username or e-mail').fill(identifier);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

/** Hosts a room from the lobby and starts its game alone; resolves on the game page. */
export async function startSoloGame(page: Page): Promise<void> {
  await page.goto('/multiplayer');
  await waitForHydration(page);
  await expect(page.getByTestId('link')).toHaveText('Connected.');
  await page.getByRole('button', { name: 'Host room' }).click();
  await page.getByRole('button', { name: 'Start game' }).click();
  await expect(page).toHaveURL(/\/multiplayer\/[0-9a-f]{24}$/);
}

/** The seeded moderator (server/src/seed). */
export const DEMO_MODERATOR: LoginBody = { identifier: 'alice', password: 'codincod-demo-password' };

/** The JSON body of a legacy API answer, typed by the generated declarations. */
export async function json<T>(response: APIResponse, status = 200): Promise<T> {
  expect(response.status(), await response.text()).toBe(status);
  return (await response.json()) as T;
}

/** Signs `request` in through the legacy API; its `token` cookie is kept. */
export async function apiLogIn(request: APIRequestContext, body: LoginBody): Promise<Message> {
  return json<Message>(await request.post('/api/v1/login', { data: body }));
}

/** Registers (and signs in) a fresh account through the legacy API. */
export async function apiRegister(request: APIRequestContext, username: string): Promise<Message> {
  const body: RegisterBody = { username, email: `${username}@example.com`, password: PASSWORD };
  return json<Message>(await request.post('/api/v1/register', { data: body }));
}

import { expect, test as base, type APIRequestContext, type APIResponse, type Browser, type Page } from '@playwright/test';
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

/** A new user on the lobby page, in a browser context of their own, with the page's script errors. */
export async function lobbyPlayer(
  browser: Browser,
  prefix: string,
): Promise<{ page: Page; name: string; problems: string[] }> {
  const page = await (await browser.newContext()).newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  const name = freshName(prefix);
  await register(page, name);
  await page.goto('/multiplayer');
  await waitForHydration(page);
  await expect(page.getByTestId('link')).toHaveText('Connected.');
  return { page, name, problems };
}

/** Writes `code` in Python in a game's editor once the countdown is over. */
export async function writePython(page: Page, code: string): Promise<void> {
  const editor = page.locator('.cm-content');
  await expect(editor).toBeVisible({ timeout: 30_000 });
  const python = await page.locator('.play__toolbar select option').filter({ hasText: /^python / }).first().textContent();
  await page.locator('.play__toolbar select').selectOption({ label: python! });
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(code);
  await expect(editor).toHaveText(code);
}

/** A complete puzzle by the account signed in on `request`, submitted for review. */
export async function submittedPuzzle(request: APIRequestContext, title: string): Promise<string> {
  const created = await (await request.post('/api/v1/puzzle', { data: { title } })).json();
  const languages = (await (await request.get('/api/v1/programming-language')).json()).languages;
  const python = languages.find((l: { language: string }) => l.language === 'python')._id;
  const url = `/api/v1/puzzle/${created._id}`;
  const saved = await request.put(url, {
    data: {
      statement: 'Print twice the number.',
      validators: [
        { input: '2', output: '4', isPublic: true },
        { input: '21', output: '42', isPublic: false },
        { input: '5', output: '10', isPublic: false },
      ],
      solution: { code: 'print(2 * int(input()))', programmingLanguage: python },
    },
  });
  expect(saved.ok()).toBeTruthy();
  for (const visibility of ['ready', 'review']) {
    expect((await request.put(url, { data: { visibility } })).ok()).toBeTruthy();
  }
  return created._id;
}

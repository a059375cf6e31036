import type {
  Availability,
  ErrorBody,
  Me,
  Page as ListPage,
  Preferences,
  PreferencesChange,
  PuzzleDocument,
  UserFound,
} from '../types/codincod';
import { DEMO_MODERATOR, apiLogIn, apiRegister, expect, freshName, json, test } from './fixtures';

test('the OpenAPI document and its documentation page come from our origin', async ({ page, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const foreign: string[] = [];
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(`${origin}/`) && !url.startsWith('data:')) foreign.push(url);
  });
  const violations: string[] = [];
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) violations.push(message.text());
  });
  await page.goto('/api/v1/docs');
  await expect(page.getByRole('heading', { name: /CodinCod legacy API/ })).toBeVisible();
  // Swagger UI lists the operations, here the puzzle list, and expands one on click.
  const list = page.locator('#operations-puzzles-list');
  await expect(list).toBeVisible();
  await list.getByRole('button').first().click();
  await expect(list.getByText('pageSize', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Authorize' })).toBeVisible();
  expect(foreign, 'requests to other origins').toEqual([]);
  expect(violations, 'CSP violations').toEqual([]);
});

test('the API answers in the generated types, signed in and not', async ({ request }) => {
  const anonymous = await json<ErrorBody>(await request.get('/api/v1/user/me'), 401);
  expect(anonymous.error).toBe(anonymous.message);

  const username = freshName('api');
  expect((await json<Availability>(await request.get(`/api/v1/user/${username}/isAvailable`))).isAvailable).toBe(true);
  await apiRegister(request, username);
  const me = await json<Me>(await request.get('/api/v1/user/me'));
  expect([me.username, me.role, me.isAuthenticated]).toEqual([username, 'user', true]);
  const found = await json<UserFound>(await request.get(`/api/v1/user/${username}`));
  expect(found.user._id).toBe(me.userId);

  const change: PreferencesChange = { theme: 'dark', preferredLanguage: 'python' };
  const saved = await json<Preferences>(await request.put('/api/v1/account/preferences', { data: change }));
  expect([saved.owner, saved.theme, saved.preferredLanguage]).toEqual([me.userId, 'dark', 'python']);

  const invalid = await json<ErrorBody>(await request.put('/api/v1/account/preferences', { data: { theme: 'plaid' } }), 400);
  expect(invalid.message).toContain('Invalid request body');

  const puzzles = await json<ListPage<PuzzleDocument>>(await request.get('/api/v1/puzzle?page=1&pageSize=5'));
  expect(puzzles.items.length).toBeGreaterThan(0);
  expect(puzzles.items.every((puzzle) => puzzle.visibility === 'approved')).toBe(true);

  await apiLogIn(request, DEMO_MODERATOR);
  expect((await json<Me>(await request.get('/api/v1/user/me'))).role).toBe('moderator');
});

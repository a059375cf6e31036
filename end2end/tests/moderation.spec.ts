import { type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { PASSWORD, expect, freshName, logIn, submittedPuzzle, test, waitForHydration } from './fixtures';

// The seeded demo moderator.
const MODERATOR = 'alice';
const MODERATOR_PASSWORD = 'codincod-demo-password';

test.describe.configure({ mode: 'serial' });

/** A new account signed in on `request` (the legacy API, as the old frontend does). */
async function account(request: APIRequestContext, prefix: string): Promise<{ name: string; id: string }> {
  const name = freshName(prefix);
  const response = await request.post('/api/v1/register', {
    data: { username: name, email: `${name}@example.com`, password: PASSWORD },
  });
  expect(response.ok()).toBeTruthy();
  const me = await (await request.get('/api/v1/user/me')).json();
  return { name, id: me.userId };
}

async function moderatorPage(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await logIn(page, MODERATOR, MODERATOR_PASSWORD);
  await expect(page.getByTestId('account-name')).toHaveText(MODERATOR);
  return page;
}

test('approve a puzzle from the queue and find it in the catalogue', async ({ browser }) => {
  const author = await browser.newContext();
  await account(author.request, 'writer');
  const title = `Doubling ${freshName('q')}`;
  const id = await submittedPuzzle(author.request, title);

  const page = await moderatorPage(browser);
  await page.getByRole('link', { name: 'Moderation' }).click();
  await page.getByRole('link', { name: /waiting for review/ }).click();
  await expect(page).toHaveURL(/\/moderation\/review$/);
  await page.getByTestId('review-queue').getByRole('link', { name: title }).click();
  await expect(page).toHaveURL(new RegExp(`/moderation/review/${id}$`));
  await waitForHydration(page);
  await expect(page.getByTestId('review-test')).toHaveCount(3); // hidden tests too
  await expect(page.getByText('Hidden test 2')).toBeVisible();

  await page.getByRole('button', { name: 'Run the solution on every test' }).click();
  await expect(page.getByTestId('solution-verdicts').getByRole('listitem')).toHaveCount(3, { timeout: 20_000 });
  await expect(page.getByText('Test 2 (hidden): passed')).toBeVisible();

  // Keyboard only: focus the approve button and press Enter.
  await page.getByRole('button', { name: 'Approve' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Approve' })).toHaveCount(0);
  await expect(page.getByText('approved by alice')).toBeVisible();

  await page.goto(`/puzzles?q=${encodeURIComponent(title)}`);
  await expect(page.getByTestId('puzzle-list').getByRole('link', { name: title })).toBeVisible();
  await author.close();
});

test('request changes and the author sees the puzzle in revise with the feedback', async ({ browser }) => {
  const author = await browser.newContext();
  await account(author.request, 'reviser');
  const title = `Tripling ${freshName('q')}`;
  const id = await submittedPuzzle(author.request, title);

  const page = await moderatorPage(browser);
  await page.goto(`/moderation/review/${id}`);
  await waitForHydration(page);
  const feedback = 'Add an example with a negative number.';
  await page.getByLabel('What should change?').fill(feedback);
  await page.getByRole('button', { name: 'Request changes' }).click();
  await expect(page.getByRole('button', { name: 'Request changes' })).toHaveCount(0);

  const authorPage = await author.newPage();
  await authorPage.goto('/puzzles/mine');
  await expect(authorPage.getByRole('row').filter({ hasText: title })).toContainText('Needs changes');
  await authorPage.goto(`/puzzles/${id}`);
  await expect(authorPage.getByText(`Moderator feedback: ${feedback}`)).toBeVisible();
  await author.close();
});

test('ban a user for one day from a report, and the user is refused', async ({ browser }) => {
  const victim = await browser.newContext();
  const offender = await account(victim.request, 'rude');
  const reporter = await browser.newContext();
  await account(reporter.request, 'witness');
  const reported = await reporter.request.post('/api/v1/report', {
    data: { problematicIdentifier: offender.id, problemType: 'user', explanation: 'Insults everyone in the game chat, every day.' },
  });
  expect(reported.status()).toBe(201);

  const page = await moderatorPage(browser);
  await page.goto('/moderation/reports');
  await waitForHydration(page);
  const reportCase = page.getByTestId('report-case').filter({ hasText: offender.name });
  await expect(reportCase.getByText('Insults everyone in the game chat')).toBeVisible();
  await reportCase.getByLabel('Action').selectOption('ban');
  await reportCase.getByLabel('Ban length').selectOption('1');
  await reportCase.getByLabel('Reason').fill('Insults in the game chat.');
  await reportCase.getByRole('button', { name: 'Decide' }).click();
  await expect(page.getByTestId('report-case').filter({ hasText: offender.name })).toHaveCount(0);

  const refused = await victim.request.post('/api/v1/puzzle', { data: { title: 'After the ban' } });
  expect([401, 403]).toContain(refused.status());
  const login = await victim.newPage();
  await logIn(login, offender.name);
  await expect(login.getByText(/temporarily banned until/)).toBeVisible();

  await page.goto(`/moderation/users/${offender.name}`);
  await expect(page.getByTestId('current-ban')).toContainText('Insults in the game chat.');
  await victim.close();
  await reporter.close();
});

test('resolve a comment report by removing the comment, which then reads removed for others', async ({ browser }) => {
  const writer = await browser.newContext();
  await account(writer.request, 'ranter');
  const page = await writer.newPage();
  await page.goto(`/puzzles?q=${encodeURIComponent('Reverse a string')}`);
  await page.getByRole('link', { name: 'Reverse a string' }).click();
  await expect(page).toHaveURL(/\/puzzles\/[0-9a-f]{24}$/);
  const path = new URL(page.url()).pathname;
  const text = `Everyone who fails this is hopeless ${freshName('r')}`;
  const posted = await writer.request.post(`/api/v1${path.replace('/puzzles/', '/puzzle/')}/comment`, { data: { text } });
  expect(posted.status()).toBe(201);
  const comment = (await posted.json())._id;
  const reporter = await browser.newContext();
  await account(reporter.request, 'witness');
  const reported = await reporter.request.post('/api/v1/report', {
    data: { problematicIdentifier: comment, problemType: 'comment', reason: 'abuse', explanation: 'Insults every player who has not solved it yet.' },
  });
  expect(reported.status()).toBe(201);

  const desk = await moderatorPage(browser);
  await desk.goto('/moderation/reports');
  await waitForHydration(desk);
  const reportCase = desk.getByTestId('report-case').filter({ hasText: text });
  await expect(reportCase.getByTestId('report-reason')).toHaveText('Abuse or harassment');
  await reportCase.getByLabel('Action').selectOption('remove');
  await reportCase.getByLabel('Reason').fill('Insulting other players.');
  await reportCase.getByRole('button', { name: 'Decide' }).click();
  await expect(desk.getByTestId('report-case').filter({ hasText: text })).toHaveCount(0);

  const reader = await (await browser.newContext()).newPage();
  await reader.goto(`${path}?sort=new`);
  await expect(reader.locator(`#comment-${comment}`)).toContainText('[removed by a moderator]');
  await expect(reader.getByText(text)).toHaveCount(0);
  await writer.close();
  await reporter.close();
});

test('the decisions are in the audit log filtered by the moderator', async ({ browser }) => {
  const page = await moderatorPage(browser);
  await page.goto('/moderation/audit');
  await waitForHydration(page);
  await page.getByLabel('Moderator').fill(MODERATOR);
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/actor=alice/);
  const log = page.getByTestId('audit-log');
  await expect(log.getByRole('row').filter({ hasText: 'Add an example with a negative number.' })).toHaveCount(1);
  await expect(log.getByRole('row').filter({ hasText: 'user.ban' }).filter({ hasText: 'Insults in the game chat.' })).toHaveCount(1);
  await expect(log.getByRole('row').filter({ hasText: 'report.resolve' }).first()).toBeVisible();
  await expect(log.getByRole('row').filter({ hasText: /"to": ?"approved"/ }).first()).toBeVisible();

  await page.getByLabel('Action').selectOption('user.ban');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/action=user.ban/);
  await expect(log.getByRole('row').filter({ hasText: 'puzzle.visibility' })).toHaveCount(0);
});

test('the desk is a 404 page for everyone else', async ({ page }) => {
  const anonymous = await page.goto('/moderation');
  expect(anonymous?.status()).toBe(404);
  await account(page.request, 'nosy');
  const user = await page.goto('/moderation/reports');
  expect(user?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'This page does not exist' })).toBeVisible();
});

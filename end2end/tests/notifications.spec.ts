import { type Browser, type Page } from '@playwright/test';
import { DEMO_MODERATOR, apiLogIn, expect, freshName, register, submittedPuzzle, test, waitForHydration } from './fixtures';

const PUZZLE = 'Reverse a string';

/** A fresh user in a browser of their own. */
async function person(browser: Browser, prefix: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await register(page, freshName(prefix));
  return page;
}

function bell(page: Page) {
  return page.getByTestId('bell');
}

/** The seeded puzzle's page, newest threads first. */
async function openDiscussion(page: Page): Promise<void> {
  await page.goto(`/puzzles?q=${encodeURIComponent(PUZZLE)}`);
  await page.getByRole('link', { name: PUZZLE }).click();
  await expect(page).toHaveURL(/\/puzzles\/[0-9a-f]{24}$/);
  await page.goto(`${new URL(page.url()).pathname}?sort=new`);
  await waitForHydration(page);
}

test('a reply reaches the bell without a reload and the notification leads to it', async ({ browser }) => {
  const ann = await person(browser, 'ann');
  const ben = await person(browser, 'ben');
  const question = `Does it handle emoji? ${freshName('q')}`;

  await openDiscussion(ann);
  await expect(bell(ann)).toHaveAttribute('aria-label', 'Notifications, none unread');
  await ann.getByLabel('Add a comment').fill(question);
  await ann.getByRole('button', { name: 'Post comment' }).click();
  await expect(ann.getByTestId('comment').filter({ hasText: question })).toBeVisible();

  await openDiscussion(ben);
  const thread = ben.getByTestId('comment').filter({ hasText: question }).first();
  await thread.getByText('Reply', { exact: true }).first().click();
  await thread.getByLabel('Your reply').fill('Only if you reverse by characters.');
  await thread.getByRole('button', { name: 'Post reply' }).click();
  await expect(thread.getByTestId('comment').filter({ hasText: 'Only if you reverse by characters.' })).toBeVisible();

  // Ann's page was not reloaded: the count arrives live.
  await expect(bell(ann)).toHaveAttribute('aria-label', 'Notifications, 1 unread', { timeout: 15_000 });
  await expect(ann.getByTestId('bell-count')).toHaveText('1');

  await bell(ann).click();
  await expect(ann).toHaveURL(/\/notifications$/);
  await expect(ann.getByRole('heading', { name: 'Notifications' })).toBeVisible();
  const notice = ann.getByTestId('notification').first();
  await expect(notice).toHaveClass(/notification--unread/);
  await expect(notice).toContainText('replied to your comment');
  await notice.getByRole('link').click();
  await expect(ann).toHaveURL(/\/puzzles\/[0-9a-f]{24}#comment-[0-9a-f]{24}$/);
  await waitForHydration(ann);
  await expect(bell(ann)).toHaveAttribute('aria-label', 'Notifications, none unread');
});

test('the demo moderator approving a puzzle notifies its author', async ({ browser }) => {
  const author = await person(browser, 'writer');
  const title = `Doubling ${freshName('n')}`;
  const id = await submittedPuzzle(author.request, title);
  await author.goto('/puzzles/mine');
  await waitForHydration(author);
  await expect(bell(author)).toHaveAttribute('aria-label', 'Notifications, none unread');

  const moderator = await browser.newContext();
  await apiLogIn(moderator.request, DEMO_MODERATOR);
  const approved = await moderator.request.post(`/api/v1/moderation/puzzle/${id}/approve`);
  expect(approved.status(), await approved.text()).toBe(200);

  await expect(bell(author)).toHaveAttribute('aria-label', 'Notifications, 1 unread', { timeout: 15_000 });
  // Keyboard: the bell is a link like any other.
  await bell(author).focus();
  await author.keyboard.press('Enter');
  await expect(author).toHaveURL(/\/notifications$/);
  const notice = author.getByTestId('notification').filter({ hasText: title });
  await expect(notice).toContainText('Your puzzle was approved');
  await author.getByRole('button', { name: 'Mark all read' }).click();
  await expect(notice).not.toHaveClass(/notification--unread/);
  await expect(bell(author)).toHaveAttribute('aria-label', 'Notifications, none unread');
  await notice.getByRole('link').click();
  await expect(author).toHaveURL(new RegExp(`/puzzles/${id}$`));
  await moderator.close();
});

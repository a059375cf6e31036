import { type Browser, type Page } from '@playwright/test';
import { expect, freshName, register, test, waitForHydration } from './fixtures';

const PUZZLE = 'Reverse a string';

/** A fresh user in a browser of their own. */
async function person(browser: Browser, prefix: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await register(page, freshName(prefix));
  return page;
}

/** The puzzle's page, its newest threads first; returns its path. */
async function openDiscussion(page: Page): Promise<string> {
  await page.goto(`/puzzles?q=${encodeURIComponent(PUZZLE)}`);
  await page.getByRole('link', { name: PUZZLE }).click();
  await expect(page).toHaveURL(/\/puzzles\/[0-9a-f]{24}$/);
  const path = new URL(page.url()).pathname;
  await page.goto(`${path}?sort=new`);
  await waitForHydration(page);
  return path;
}

function comment(page: Page, text: string) {
  return page.getByTestId('comment').filter({ hasText: text }).first();
}

async function post(page: Page, text: string, spoiler = false): Promise<void> {
  await page.getByLabel('Add a comment').fill(text);
  if (spoiler) await page.getByRole('checkbox', { name: /^Spoiler: hide it/ }).check();
  await page.getByRole('button', { name: 'Post comment' }).click();
}

test('two users discuss a puzzle: comment, reply, vote, edit', async ({ browser }) => {
  const alice = await person(browser, 'alice');
  const bob = await person(browser, 'bob');
  const question = `How fast must it be? ${freshName('q')}`;

  await openDiscussion(alice);
  await post(alice, `${question} *really*`);
  const mine = comment(alice, question);
  await expect(mine.locator('em')).toHaveText('really'); // markdown, shown without a reload

  await openDiscussion(bob);
  const theirs = comment(bob, question);
  await expect(theirs).toBeVisible();
  await theirs.getByRole('button', { name: 'Upvote (0)' }).first().click();
  await expect(theirs.getByRole('button', { name: 'Upvote (1)' }).first()).toHaveAttribute('aria-pressed', 'true');
  await theirs.getByText('Reply', { exact: true }).first().click();
  await theirs.getByLabel('Your reply').fill('Linear time is enough.');
  await theirs.getByRole('button', { name: 'Post reply' }).click();
  await expect(theirs.getByTestId('comment').filter({ hasText: 'Linear time is enough.' })).toBeVisible();

  // Alice sees Bob's vote and reply when she loads the page again.
  await alice.reload();
  await waitForHydration(alice);
  await expect(mine.getByRole('button', { name: 'Upvote (1)' }).first()).toBeVisible();
  await expect(mine.getByText('Linear time is enough.')).toBeVisible();

  // Taking the vote back and switching it.
  await theirs.getByRole('button', { name: 'Upvote (1)' }).first().click();
  await expect(theirs.getByRole('button', { name: 'Upvote (0)' }).first()).toHaveAttribute('aria-pressed', 'false');
  await theirs.getByRole('button', { name: 'Downvote (0)' }).first().click();
  await expect(theirs.getByRole('button', { name: 'Downvote (1)' }).first()).toBeVisible();

  // Alice edits hers: it is marked as edited.
  await mine.getByText('Edit', { exact: true }).first().click();
  await mine.getByLabel('Your comment').fill(`${question} (edited text)`);
  await mine.getByRole('button', { name: 'Save' }).click();
  await expect(mine.getByText('(edited text)')).toBeVisible();
  await expect(mine.locator('.comment__edited').first()).toHaveText('edited');
  // Bob cannot edit or delete it: the one Edit and Delete in his thread are his reply's.
  await bob.reload();
  await waitForHydration(bob);
  await expect(theirs.locator('summary', { hasText: 'Edit' })).toHaveCount(1);
  await expect(theirs.getByRole('button', { name: 'Delete' })).toHaveCount(1);
  const reply = theirs.getByTestId('comment').filter({ hasText: 'Linear time is enough.' });
  await expect(reply.locator('summary', { hasText: 'Edit' })).toHaveCount(1);
});

test('a spoiler stays hidden until the reader solves the puzzle', async ({ browser }) => {
  const alice = await person(browser, 'spoiler');
  const bob = await person(browser, 'solver');
  const secret = `Reverse it with slicing ${freshName('s')}`;

  await openDiscussion(alice);
  await post(alice, secret, true);
  await expect(comment(alice, secret)).toBeVisible(); // its author reads it

  const path = await openDiscussion(bob);
  const hidden = bob.getByTestId('spoiler').first();
  await expect(hidden).toContainText('Spoiler');
  await expect(bob.getByText(secret)).toHaveCount(0);

  // Bob solves the puzzle, then reads it.
  await bob.goto(`${path}/play`);
  await waitForHydration(bob);
  await expect(bob.locator('.cm-content')).toBeVisible();
  const option = await bob.locator('.play__toolbar select option').filter({ hasText: /^python / }).first().textContent();
  await bob.locator('.play__toolbar select').selectOption({ label: option! });
  await bob.locator('.cm-content').click();
  await bob.keyboard.press('ControlOrMeta+a');
  await bob.keyboard.press('Delete');
  await bob.keyboard.insertText('print(input()[::-1])');
  await bob.getByRole('button', { name: 'Submit' }).click();
  await expect(bob.getByTestId('verdict-banner')).toHaveText('Accepted', { timeout: 30_000 });
  await bob.goto(`${path}?sort=new`);
  await expect(bob.getByText(secret)).toBeVisible();
});

test('posting and voting work as plain forms without JavaScript', async ({ browser }) => {
  const signedIn = await person(browser, 'nojs');
  const state = await signedIn.context().storageState();
  const page = await (await browser.newContext({ javaScriptEnabled: false, storageState: state })).newPage();
  const text = `Posted without scripts ${freshName('n')}`;

  await signedIn.goto(`/puzzles?q=${encodeURIComponent(PUZZLE)}`);
  await signedIn.getByRole('link', { name: PUZZLE }).click();
  await expect(signedIn).toHaveURL(/\/puzzles\/[0-9a-f]{24}$/);
  const path = new URL(signedIn.url()).pathname;

  await page.goto(`${path}?sort=new`);
  await post(page, text);
  await page.waitForURL(new RegExp(`${path}`));
  const posted = comment(page, text);
  await expect(posted).toBeVisible();
  await posted.getByRole('button', { name: 'Upvote (0)' }).first().click();
  await expect(comment(page, text).getByRole('button', { name: 'Upvote (1)' }).first()).toBeVisible();
});

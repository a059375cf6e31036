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

/** Submits `code` in Python on the puzzle at `path` and waits for it to be accepted. */
async function solve(page: Page, path: string, code: string): Promise<void> {
  await page.goto(`${path}/play`);
  await waitForHydration(page);
  await expect(page.locator('.cm-content')).toBeVisible();
  const option = await page.locator('.play__toolbar select option').filter({ hasText: /^python / }).first().textContent();
  await page.locator('.play__toolbar select').selectOption({ label: option! });
  await page.locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(code);
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByTestId('verdict-banner')).toHaveText('Accepted', { timeout: 30_000 });
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
  await solve(bob, path, 'print(input()[::-1])');
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

test('after solving, the Solutions tab shows the other player\'s solution', async ({ browser }) => {
  const alice = await person(browser, 'first');
  const bob = await person(browser, 'second');
  const marker = freshName('sol');
  const path = await openDiscussion(alice);
  await solve(alice, path, `print(input()[::-1])  # ${marker}`);

  await bob.goto(`${path}?tab=solutions&order=date#community`);
  await waitForHydration(bob);
  await expect(bob.getByTestId('solutions-locked')).toContainText('Solutions unlock once you have solved this puzzle');
  await expect(bob.getByText(marker)).toHaveCount(0);

  await solve(bob, path, 'print("".join(reversed(input())))');
  await bob.goto(path);
  await waitForHydration(bob);
  await bob.getByRole('link', { name: 'Solutions', exact: true }).click();
  await bob.getByRole('link', { name: 'Newest' }).click();
  const solution = bob.getByTestId('solution').filter({ hasText: marker });
  await expect(solution).toBeVisible();
  await expect(solution).toContainText('python');
  await solution.getByRole('button', { name: 'Upvote (0)' }).click();
  await expect(solution.getByRole('button', { name: 'Upvote (1)' })).toHaveAttribute('aria-pressed', 'true');
  await solution.getByRole('link', { name: 'Receipt' }).click();
  await expect(bob.getByTestId('submission-code')).toContainText(marker);
  await expect(bob.getByRole('heading', { name: 'Discussion of this solution' })).toBeVisible();
});

test('a block hides the other player\'s chat message', async ({ browser }) => {
  const host = await person(browser, 'loud');
  const guest = await person(browser, 'quiet');
  const hostId = (await (await host.request.get('/api/v1/user/me')).json()).userId;
  const blocked = await guest.request.put('/api/v1/account/preferences', { data: { blockedUsers: [hostId] } });
  expect(blocked.ok()).toBeTruthy();

  for (const page of [host, guest]) {
    await page.goto('/multiplayer');
    await waitForHydration(page);
    await expect(page.getByTestId('link')).toHaveText('Connected.');
  }
  await host.getByLabel('Private (join by invite code)').check();
  await host.getByRole('button', { name: 'Host room' }).click();
  const code = (await host.getByTestId('invite-code').textContent())!;
  await guest.getByRole('textbox', { name: 'Invite code' }).fill(code);
  await guest.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(host.getByTestId('members').locator('li')).toHaveCount(2);
  await expect(guest.getByTestId('room')).toBeVisible();

  const text = `nobody asked you ${freshName('c')}`;
  await host.getByLabel('Message').fill(text);
  await host.getByLabel('Message').press('Enter');
  await expect(host.getByTestId('room-chat')).toContainText(text);
  await expect(guest.getByTestId('room-chat').getByTestId('blocked-chat')).toHaveText('Message from a blocked user');
  await expect(guest.getByTestId('room-chat')).not.toContainText(text);
});

test('report a puzzle and a profile, and see that the report was sent', async ({ browser }) => {
  const page = await person(browser, 'reporter');
  await openDiscussion(page);
  const onPuzzle = page.locator('.puzzle__actions').getByTestId('report');
  await onPuzzle.getByText('Report', { exact: true }).click();
  await onPuzzle.getByLabel('Reason').selectOption('cheating');
  await onPuzzle.getByLabel(/What is wrong with this puzzle/).fill('The statement gives the whole answer away.');
  await onPuzzle.getByRole('button', { name: 'Send report' }).click();
  await expect(onPuzzle.getByRole('status')).toHaveText('Report sent. Thank you: a moderator will look at it.');

  await page.locator('.puzzle__meta a').first().click();
  await expect(page).toHaveURL(/\/profile\//);
  await waitForHydration(page);
  const onProfile = page.getByTestId('report');
  await onProfile.getByText('Report', { exact: true }).click();
  await onProfile.getByLabel(/What is wrong with this user/).fill('Posts insults under every puzzle they write.');
  await onProfile.getByRole('button', { name: 'Send report' }).click();
  await expect(onProfile.getByRole('status')).toContainText('Report sent.');
});

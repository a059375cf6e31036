import { type Page } from '@playwright/test';
import { expect, freshName, register, test, waitForHydration } from './fixtures';

/** Opens a seeded puzzle's play page, signed in as a fresh user. */
async function openPlay(page: Page, title: string): Promise<void> {
  await register(page, freshName('player'));
  await page.goto(`/puzzles?q=${encodeURIComponent(title)}`);
  await page.getByRole('link', { name: title }).click();
  await page.getByRole('link', { name: 'Solve' }).click();
  await expect(page).toHaveURL(/\/play$/);
  await waitForHydration(page);
  await expect(page.locator('.cm-content')).toBeVisible(); // CodeMirror took over
}

async function write(page: Page, language: RegExp, code: string): Promise<void> {
  const option = await page.locator('.play__toolbar select option').filter({ hasText: language }).first().textContent();
  await page.locator('.play__toolbar select').selectOption({ label: option! });
  const editor = page.locator('.cm-content');
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(code);
}

const PYTHON_REVERSE = 'print(input()[::-1])';
const C_REVERSE = `#include <stdio.h>
#include <string.h>
int main(void) {
char s[200001];
if (!fgets(s, sizeof s, stdin)) return 0;
size_t n = strcspn(s, "\\n");
for (size_t i = n; i > 0; i--) putchar(s[i - 1]);
putchar('\\n');
return 0;
}`;

test('solve a puzzle in Python: run, submit, accepted with a receipt', async ({ page }) => {
  await openPlay(page, 'Reverse a string');
  await write(page, /^python /, PYTHON_REVERSE);
  await page.getByRole('button', { name: 'Run examples' }).click();
  const results = page.getByTestId('example-result');
  await expect(results).toHaveCount(2, { timeout: 20_000 });
  await expect(results.first()).toContainText('Passed');

  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByTestId('verdict-banner')).toHaveText('Accepted', { timeout: 30_000 });
  const receipt = page.getByTestId('receipt-tests');
  await expect(receipt).toContainText('Hidden test');
  await expect(page.getByText(/python 3\.\d+.* on the sandbox/)).toBeVisible();
  await expect(page.getByTestId('history')).toContainText('Accepted');
  await page.getByTestId('history').getByRole('link').first().click();
  await expect(page.getByTestId('submission-code')).toContainText('[::-1]');
  await expect(page.getByTestId('verdict-banner')).toHaveText('Accepted');
  await page.goBack();

  // The code is kept for this puzzle and language across reloads.
  await page.reload();
  await waitForHydration(page);
  await expect(page.locator('.cm-content')).toContainText('[::-1]');
});

test('solve a puzzle in C', async ({ page }) => {
  await openPlay(page, 'Reverse a string');
  await write(page, /^c \d/, C_REVERSE);
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByTestId('verdict-banner')).toHaveText('Accepted', { timeout: 30_000 });
  await expect(page.getByText(/^c \d.* on the sandbox/)).toBeVisible();
});

test('a wrong answer shows where the output differs', async ({ page }) => {
  await openPlay(page, 'Reverse a string');
  await write(page, /^python /, 'print(input())');
  await page.getByRole('button', { name: 'Run examples' }).click();
  const first = page.getByTestId('example-result').first();
  await expect(first).toContainText('Wrong answer', { timeout: 20_000 });
  await expect(first.locator('.diff__row--differs')).toHaveCount(1);

  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByTestId('verdict-banner')).toContainText('Not accepted', { timeout: 30_000 });
});

test('a compile error shows the compiler output', async ({ page }) => {
  await openPlay(page, 'Reverse a string');
  await write(page, /^c \d/, 'int main(void) { return 0 }');
  await page.getByRole('button', { name: 'Run examples' }).click();
  await expect(page.getByTestId('compile-error')).toContainText('error', { timeout: 20_000 });
});

test('visitors are asked to log in to run code', async ({ page }) => {
  await page.goto('/puzzles?q=Reverse');
  await page.getByRole('link', { name: 'Reverse a string' }).click();
  await page.getByRole('link', { name: 'Solve' }).click();
  await expect(page.getByRole('link', { name: 'Log in' }).last()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Submit' })).toHaveCount(0);
});

test('the editor takes typing before the WebAssembly arrives, and the page keeps what was typed', async ({ page }) => {
  await register(page, freshName('early'));
  await page.goto(`/puzzles?q=${encodeURIComponent('Reverse a string')}`);
  await page.getByRole('link', { name: 'Reverse a string' }).click();
  const play = await page.getByRole('link', { name: 'Solve' }).getAttribute('href');

  // The WebAssembly is held back until the code is written (routing also bypasses the cache).
  let release = () => {};
  const held = new Promise<void>((resolve) => { release = resolve; });
  await page.route('**/*.wasm', async (route) => { await held; await route.continue(); });
  await page.goto(play!);
  const editor = page.locator('.cm-content');
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(PYTHON_REVERSE);
  expect(await page.evaluate(() => document.documentElement.dataset.hydrated)).toBeUndefined();

  release();
  await waitForHydration(page);
  await expect(page.locator('.cm-editor')).toHaveCount(1); // taken over, not replaced
  await expect(editor).toHaveText(PYTHON_REVERSE);
  // The page runs what was typed early: the template would fail the examples.
  await page.getByRole('button', { name: 'Run examples' }).click();
  const results = page.getByTestId('example-result');
  await expect(results).toHaveCount(2, { timeout: 20_000 });
  await expect(results.first()).toContainText('Passed');
});

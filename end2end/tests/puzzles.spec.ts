import { expect, freshName, register, test, waitForHydration } from './fixtures';

test('browse, search and filter the puzzles', async ({ page }) => {
  await page.goto('/puzzles');
  await waitForHydration(page);
  const list = page.getByTestId('puzzle-list');
  await expect(list.getByRole('row')).toHaveCount(21); // a header and a page of 20
  await expect(list.getByRole('link', { name: 'Counting shortest routes' })).toHaveCount(0); // a draft

  await page.getByLabel('Search titles').fill('count');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/q=count/);
  await expect(list.getByRole('link', { name: 'Count the vowels' })).toBeVisible();
  await expect(list.getByRole('link', { name: 'Sum of two numbers' })).toHaveCount(0);

  await page.getByLabel('Difficulty').selectOption('intermediate');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/difficulty=intermediate/);
  await expect(list.getByRole('link', { name: 'Counting primes' })).toBeVisible();
  await expect(list.getByRole('link', { name: 'Count the vowels' })).toHaveCount(0);

  await page.goBack();
  await expect(list.getByRole('link', { name: 'Count the vowels' })).toBeVisible();

  await page.goto('/puzzles?tag=graph_theory&sort=title');
  await expect(list.getByRole('link').first()).toHaveText('Cheapest route between two cities');
});

test('the filters show the current query without JavaScript', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/puzzles?q=route&difficulty=intermediate&tag=graph_theory');
  await expect(page.getByLabel('Search titles')).toHaveValue('route');
  await expect(page.getByLabel('Difficulty')).toHaveValue('intermediate');
  await expect(page.getByRole('checkbox', { name: 'Graph theory' })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Mathematics', exact: true })).not.toBeChecked();
  // Applying again keeps the whole query.
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.waitForURL(/sort=newest/); // the form sends every field
  const query = new URL(page.url()).searchParams;
  expect([query.get('q'), query.get('difficulty'), query.getAll('tag')]).toEqual(['route', 'intermediate', ['graph_theory']]);
  await context.close();
});

test('the list pages through the catalogue', async ({ page }) => {
  await page.goto('/puzzles');
  // 28 demo puzzles, and any that other tests published meanwhile: 20 a page.
  const summary = await page.getByText(/Page 1 of 2 · \d+ puzzles/).textContent();
  const total = Number(summary!.match(/(\d+) puzzles/)![1]);
  expect(total).toBeGreaterThanOrEqual(28);
  await page.getByRole('link', { name: 'Next' }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.getByTestId('puzzle-list').getByRole('row')).toHaveCount(1 + total - 20);
});

test('a puzzle page shows the statement and the examples', async ({ page }) => {
  await page.goto('/puzzles');
  await page.getByRole('link', { name: 'Balanced brackets' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Balanced brackets');
  await expect(page).toHaveTitle('Balanced brackets · CodinCod');
  await expect(page.getByTestId('example')).toHaveCount(2);
  await expect(page.getByRole('heading', { name: 'Example 1' })).toBeVisible();
  await expect(page.getByText('Hidden test')).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Solve' })).toBeVisible();
});

test('write a puzzle with public and hidden tests and submit it for review', async ({ page, browser }) => {
  const author = freshName('author');
  await register(page, author);
  await page.goto('/puzzles/create');
  await page.getByLabel('Title').fill('Double a number');
  await page.getByRole('button', { name: 'Create draft' }).click();
  await expect(page).toHaveURL(/\/puzzles\/[0-9a-f]{24}\/edit$/);
  const puzzleUrl = page.url().replace(/\/edit$/, '');
  await waitForHydration(page);

  await page.getByLabel('Statement (markdown)').fill('# Doubling\n\nPrint **twice** the number.\n\n<script>alert(1)</script>');
  const preview = page.getByTestId('statement-preview');
  await expect(preview.getByRole('heading', { name: 'Doubling' })).toBeVisible();
  await expect(preview.locator('strong')).toHaveText('twice');
  await expect(preview.locator('script')).toHaveCount(0);

  const tests = [
    ['2', '4', true],
    ['21', '42', false],
    ['1234567', '2469134', false],
  ] as const;
  for (const [index, [input, output, isPublic]] of tests.entries()) {
    await page.getByRole('button', { name: 'Add a test' }).click();
    const row = page.getByTestId('test-row').nth(index);
    await row.getByLabel('Input').fill(input);
    await row.getByLabel('Expected output').fill(output);
    await row.getByLabel('Public example').setChecked(isPublic);
  }
  const python = await page.locator('#solution-language option').filter({ hasText: /^python / }).first().textContent();
  await page.getByLabel('Language').selectOption({ label: python! });
  await page.getByLabel('Code').fill('print(2 * int(input()))');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();

  await page.getByRole('button', { name: 'Check and mark ready' }).click();
  // A move loads the page again, with the next moves.
  await expect(page.getByRole('button', { name: 'Submit for review' })).toBeVisible({ timeout: 20_000 });
  await waitForHydration(page);
  await page.getByRole('button', { name: 'Submit for review' }).click();
  await expect(page.locator('.workflow').getByText('In review')).toBeVisible({ timeout: 20_000 });

  // Another visitor may read a puzzle under review, but never its hidden tests.
  const visitor = await browser.newContext();
  const other = await visitor.newPage();
  const response = await other.goto(puzzleUrl);
  const source = await response!.text();
  expect(source).toContain('Double a number');
  expect(source).toContain('Example 1');
  expect(source).not.toContain('1234567');
  expect(source).not.toContain('2469134');
  await expect(other.getByText('This puzzle is being reviewed')).toBeVisible();
  await visitor.close();

  await page.goto(puzzleUrl);
  await expect(page.getByText('2469134')).toBeVisible(); // the author sees every test
});

test('an incomplete puzzle cannot be marked ready', async ({ page }) => {
  await register(page, freshName('lazy'));
  await page.goto('/puzzles/create');
  await page.getByLabel('Title').fill('Not finished yet');
  await page.getByRole('button', { name: 'Create draft' }).click();
  await waitForHydration(page);
  await page.getByRole('button', { name: 'Check and mark ready' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'The puzzle is not complete' })).toBeVisible();
});

test('what is typed before the page hydrates is kept', async ({ page }) => {
  await register(page, freshName('early'));
  let releaseWasm = () => {};
  const wasmHeld = new Promise<void>((resolve) => (releaseWasm = resolve));
  await page.route('**/*.wasm', async (route) => {
    await wasmHeld;
    await route.continue();
  });
  await page.goto('/puzzles/create', { waitUntil: 'domcontentloaded' });
  await page.getByLabel('Title').fill('Typed before hydration');
  releaseWasm();
  await waitForHydration(page);
  await expect(page.getByLabel('Title')).toHaveValue('Typed before hydration');
  await page.getByRole('button', { name: 'Create draft' }).click();
  await expect(page).toHaveURL(/\/edit$/);
  await expect(page.getByLabel('Title')).toHaveValue('Typed before hydration');
});

test('unknown puzzles are a 404 page', async ({ page }) => {
  const response = await page.goto('/puzzles/507f1f77bcf86cd799439011');
  expect(response?.status()).toBe(404);
  const malformed = await page.goto('/puzzles/not-an-id');
  expect(malformed?.status()).toBe(404);
});

// Drives Debian's chromium through the collector's demo shop with playwright-core:
//   node shop_in_chromium.js COLLECTOR_URL shop   browse, add to cart, check out, buy
//   node shop_in_chromium.js COLLECTOR_URL bot    the same first page with headless Chrome's
//                                                 own User-Agent, which the collector must drop
// Prints "DONE <mode>" on success. tests/tst_collector_browser.cpp runs it and checks Kafka.
'use strict';
const { chromium } = require('playwright-core');

const [url, mode] = process.argv.slice(2);
// An ordinary desktop Chrome: headless Chrome says "HeadlessChrome" and would be dropped.
const desktopChrome = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) ' +
  'Chrome/120.0.0.0 Safari/537.36';

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
  const context = await browser.newContext({
    userAgent: mode === 'bot' ? undefined : desktopChrome,
    timezoneId: 'Europe/Berlin',
    viewport: { width: 1280, height: 800 },
  });
  const page = await context.newPage();
  // Resolves once the collector has answered a POST /e that was sent after `action`.
  const sentAfter = async (action) => {
    const answered = page.waitForResponse((r) => r.url().endsWith('/e') && r.request().method() === 'POST',
                                          { timeout: 10000 });
    await action();
    const response = await answered;
    if (response.status() !== 202) throw new Error('POST /e answered ' + response.status());
  };
  if (mode === 'bot') {
    console.log('UA ' + (await page.evaluate(() => navigator.userAgent)));
    await sentAfter(() => page.goto(url + '/demo/'));
  } else {
    await page.goto(url + '/demo/');
    await page.click('nav >> text=Electronics');
    await page.click('a[href="/demo/product/p-1001"]');
    await page.click('#add');
    await page.click('#cart-link');
    await page.click('#to-checkout');
    await sentAfter(() => page.click('#buy'));
    await page.waitForSelector('#thanks');
  }
  await context.close(); // pagehide: anything left goes by sendBeacon
  await browser.close();
  console.log('DONE ' + mode);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});

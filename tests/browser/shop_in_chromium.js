// Drives Debian's chromium through the collector's demo shop with playwright-core:
//   node shop_in_chromium.js COLLECTOR_URL shop   browse, add to cart, check out, buy
//   node shop_in_chromium.js COLLECTOR_URL bot    the same first page with headless Chrome's
//                                                 own User-Agent, which the collector must drop
//   node shop_in_chromium.js COLLECTOR_URL optout open /demo/, press "Do not track me", browse on
//   node shop_in_chromium.js COLLECTOR_URL beacon track a search and leave the page at once, so
//                                                 only the pagehide sendBeacon can carry it
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
    locale: 'de-DE', // navigator.language, which the collector stores as the event's lang
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
  } else if (mode === 'optout') {
    await page.goto(url + '/demo/');
    await page.click('#optout'); // its own click is still tracked: the flag is set after it
    await page.click('nav >> text=Home');
    await page.click('a[href="/demo/product/p-2003"]');
    await page.click('#add');
    await page.waitForTimeout(2500); // two batch periods: anything queued would have gone
    const flag = await page.evaluate(() => localStorage.getItem('trackboard_optout'));
    if (flag !== '1') throw new Error('opt-out flag not set: ' + flag);
  } else if (mode === 'beacon') {
    await page.goto(url + '/demo/');
    await page.waitForTimeout(1500); // the page view's batch goes by fetch first
    await page.evaluate(() => window.trackboard.track('search', { lang: 'en' }));
    await page.close({ runBeforeUnload: true }); // pagehide well before the 1 s batch timer
  } else {
    // Landing from the newsletter: the collector keeps the campaign tags, drops the rest.
    await page.goto(url + '/demo/?utm_source=newsletter&utm_medium=email&utm_campaign=black-friday' +
                    '&email=ada%40example.com');
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

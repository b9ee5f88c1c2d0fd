/* Trackboard tracker (docs/collector.md): page views incl. SPA navigation, clicks on
   [data-track], trackboard.track(type, fields), trackboard.experiment(id, variant); batched,
   fetch keepalive, sendBeacon on pagehide, retried on network errors, 429 and 5xx. Opt out:
   localStorage.trackboard_optout = "1". */
(function (w, d, n) {
  'use strict';
  var me = d.currentScript;
  var url = (me && me.getAttribute('data-endpoint')) || (me ? new URL(me.src).origin : '') + '/e';
  var queue = [], timer = 0, wait = 1000, last = d.referrer || null, sending = false, tz, exp;
  try { tz = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) {}
  try { exp = JSON.parse(get('trackboard_experiment')); } catch (e) {}

  function get(key) {
    try { return w.localStorage.getItem(key); } catch (e) { return null; }
  }
  function optedOut() { return get('trackboard_optout') === '1'; }
  function experiment(id, variant) {
    // An empty id or variant would get the whole batch refused.
    exp = id && variant ? { id: '' + id, variant: '' + variant } : null;
    try { w.localStorage.setItem('trackboard_experiment', JSON.stringify(exp)); } catch (e) {}
  }
  function id() {
    if (w.crypto && crypto.randomUUID) return crypto.randomUUID();
    return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, function (c) {
      var r = Math.random() * 16 | 0;
      return (c === 'x' ? r : (r & 3 | 8)).toString(16);
    });
  }
  function track(type, fields) {
    if (optedOut()) return;
    var e = { event_type: type, page: location.pathname + location.search, referrer: last, tz: tz,
              screen_width: screen.width, lang: n.language, event_id: id() };
    if (exp) e.experiment = exp;
    for (var k in fields || {}) e[k] = fields[k];
    queue.push(e);
    if (queue.length >= 10) send(); else if (!timer) timer = setTimeout(send, 1000);
  }
  function send(unloading) {
    clearTimeout(timer); timer = 0;
    if (!queue.length || (sending && !unloading)) return;
    var batch = queue.splice(0, 50), body = JSON.stringify(batch);
    // text/plain needs no CORS preflight, which could not finish during unload.
    if (unloading && n.sendBeacon && n.sendBeacon(url, new Blob([body], { type: 'text/plain' }))) return;
    sending = true;
    fetch(url, { method: 'POST', body: body, keepalive: true, credentials: 'omit',
                 headers: { 'Content-Type': 'text/plain' } })
      .then(function (r) {
        sending = false;
        if (r.status === 429 || r.status >= 500) retry(batch);
        else { wait = 1000; if (queue.length) send(); }
      }, function () { sending = false; retry(batch); });
  }
  function retry(batch) {
    // Same event_ids on every attempt, so a batch that did arrive is not counted twice.
    queue = batch.concat(queue).slice(0, 500);
    timer = setTimeout(send, wait);
    wait = Math.min(wait * 2, 60000);
  }
  function pageView() {
    track('page_view');
    last = location.href;
  }
  ['pushState', 'replaceState'].forEach(function (m) {
    var original = history[m];
    history[m] = function () {
      var before = location.pathname, result = original.apply(this, arguments);
      if (location.pathname !== before) pageView();
      return result;
    };
  });
  w.addEventListener('popstate', pageView);
  w.addEventListener('pagehide', function () { send(true); });
  d.addEventListener('visibilitychange', function () { if (d.visibilityState === 'hidden') send(true); });
  d.addEventListener('click', function (e) {
    var el = e.target && e.target.closest && e.target.closest('[data-track]');
    if (el) track('click', { element: el.getAttribute('data-track') });
  }, true);
  w.trackboard = { track: track, flush: send, experiment: experiment };
  pageView();
})(window, document, navigator);

// Trackboard tracker; what it sends and why: docs/collector.md, "The tracker".
((w, d, n) => {
  const me = d.currentScript, loc = location;
  const url = me?.dataset.endpoint || (me ? new URL(me.src).origin : '') + '/e';
  const get = (k) => { try { return localStorage.getItem(k); } catch {} };
  let q = [], timer = 0, wait = 1e3, busy = 0, last = d.referrer || null, tz, exp;
  try { tz = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch {}
  try { exp = JSON.parse(get('trackboard_experiment')); } catch {}
  const uuid = () => crypto.randomUUID?.() || '10000000-1000-4000-8000-100000000000'.replace(
    /[018]/g, (c) => (c ^ crypto.getRandomValues(new Uint8Array(1))[0] & 15 >> c / 4).toString(16));

  const track = (type, fields) => {
    if (get('trackboard_optout') === '1') return;
    q.push({ event_type: type, page: loc.pathname + loc.search, referrer: last, tz,
             screen_width: screen.width, lang: n.language, event_id: uuid(),
             ...(exp && { experiment: exp }), ...fields });
    if (q.length > 9) send(); else timer ||= setTimeout(send, 1e3);
  };
  const send = (unloading) => {
    clearTimeout(timer);
    timer = 0;
    if (!q.length || (busy && !unloading)) return;
    const batch = q.splice(0, 50), body = JSON.stringify(batch);
    if (unloading && n.sendBeacon?.(url, new Blob([body], { type: 'text/plain' }))) return;
    busy = 1;
    fetch(url, { method: 'POST', body, keepalive: true, credentials: 'omit',
                 headers: { 'Content-Type': 'text/plain' } }).then(
      (r) => (r.status === 429 || r.status > 499 ? retry(batch) : (busy = 0, wait = 1e3, send())),
      () => retry(batch));
  };
  const retry = (batch) => {
    busy = 0;
    q = batch.concat(q).slice(0, 500);
    timer = setTimeout(send, wait);
    wait = Math.min(wait * 2, 6e4);
  };
  const view = () => { track('page_view'); last = loc.href; };

  for (const m of ['pushState', 'replaceState']) {
    const original = history[m];
    history[m] = function (...args) {
      const before = loc.pathname, result = original.apply(this, args);
      if (loc.pathname !== before) view();
      return result;
    };
  }
  w.addEventListener('popstate', view);
  w.addEventListener('pagehide', () => send(1));
  d.addEventListener('visibilitychange', () => d.hidden && send(1));
  d.addEventListener('click', (e) => {
    const el = e.target.closest?.('[data-track]');
    if (el) track('click', { element: el.dataset.track });
  }, true);
  w.trackboard = { track, flush: send, experiment(id, variant) {
    exp = id && variant ? { id: '' + id, variant: '' + variant } : null;
    try { localStorage.setItem('trackboard_experiment', JSON.stringify(exp)); } catch {}
  } };
  view();
})(window, document, navigator);

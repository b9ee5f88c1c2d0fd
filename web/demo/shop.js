// The demo shop: a single-page app on history.pushState, so t.js sees each page as a page view.
// Shop events (product views, cart, checkout, purchase, login) go through trackboard.track().
// The visitor is enrolled in the checkout-redesign A/B experiment: B's checkout is one step
// shorter to read, with an express "Pay now" button.
(function () {
  'use strict';
  var products = [
    { id: 'p-1001', name: 'Noise-cancelling headphones', category: 'electronics', price: 199.0 },
    { id: 'p-1002', name: 'Smart watch', category: 'electronics', price: 249.5 },
    { id: 'p-1003', name: 'USB-C charger', category: 'electronics', price: 29.99 },
    { id: 'p-2001', name: 'Espresso machine', category: 'home', price: 349.0 },
    { id: 'p-2002', name: 'Linen bedding set', category: 'home', price: 89.9 },
    { id: 'p-2003', name: 'Ceramic mug', category: 'home', price: 12.5 },
    { id: 'p-3001', name: 'Trail running shoes', category: 'sports', price: 129.0 },
    { id: 'p-3002', name: 'Yoga mat', category: 'sports', price: 39.0 }
  ];
  var view = document.getElementById('view');
  var variant = localStorage.getItem('demo_variant') || (Math.random() < 0.5 ? 'A' : 'B');
  localStorage.setItem('demo_variant', variant);
  if (window.trackboard) window.trackboard.experiment('checkout-redesign', variant);

  function track(type, fields) { if (window.trackboard) window.trackboard.track(type, fields); }
  function find(id) { return products.filter(function (p) { return p.id === id; })[0]; }
  function money(v) { return '$' + v.toFixed(2); }
  function esc(s) { return String(s).replace(/[&<>"]/g, function (c) { return '&#' + c.charCodeAt(0) + ';'; }); }
  function productField(p) { return { id: p.id, name: p.name, category: p.category, price: p.price }; }
  function cart() { try { return JSON.parse(localStorage.getItem('demo_cart')) || []; } catch (e) { return []; } }
  function saveCart(c) {
    localStorage.setItem('demo_cart', JSON.stringify(c));
    document.getElementById('cart-link').textContent = 'Cart (' + c.reduce(function (n, l) { return n + l.qty; }, 0) + ')';
  }
  function card(p) {
    return '<div class="card"><a href="/demo/product/' + p.id + '" data-link data-track="product-card">' +
      '<h3>' + esc(p.name) + '</h3></a><p class="price">' + money(p.price) + '</p>' +
      '<button data-add="' + p.id + '" data-track="add-to-cart">Add to cart</button></div>';
  }

  var routes = {
    '': function () {
      view.innerHTML = '<h1>Welcome</h1><p>Our best sellers:</p><div class="grid">' +
        products.slice(0, 6).map(card).join('') + '</div>';
    },
    category: function (name) {
      view.innerHTML = '<h1>' + esc(name) + '</h1><div class="grid">' +
        products.filter(function (p) { return p.category === name; }).map(card).join('') + '</div>';
    },
    product: function (id) {
      var p = find(id);
      if (!p) { view.innerHTML = '<p>No such product.</p>'; return; }
      track('product_view', { product: productField(p) });
      view.innerHTML = '<div class="card"><h1>' + esc(p.name) + '</h1><p class="price">' + money(p.price) +
        '</p><p>Category: <a href="/demo/category/' + p.category + '" data-link>' + p.category + '</a></p>' +
        '<button id="add" data-add="' + p.id + '" data-track="add-to-cart">Add to cart</button></div>';
    },
    cart: function () {
      var c = cart();
      if (!c.length) { view.innerHTML = '<h1>Your cart</h1><p>Empty.</p>'; return; }
      var total = 0;
      view.innerHTML = '<h1>Your cart</h1><table><tr><th>Product</th><th>Qty</th><th>Price</th><th></th></tr>' +
        c.map(function (l) {
          var p = find(l.id); total += p.price * l.qty;
          return '<tr><td>' + esc(p.name) + '</td><td>' + l.qty + '</td><td>' + money(p.price * l.qty) +
            '</td><td><button class="secondary" data-remove="' + p.id + '">Remove</button></td></tr>';
        }).join('') + '</table><p>Total: <b>' + money(total) + '</b></p>' +
        '<a href="/demo/checkout" data-link><button id="to-checkout" data-track="cart-checkout">Checkout</button></a>';
    },
    checkout: function () {
      var c = cart();
      if (!c.length) { view.innerHTML = '<p>Your cart is empty.</p>'; return; }
      var first = find(c[0].id);
      track('checkout', { product: productField(first), quantity: c[0].qty });
      view.innerHTML = '<h1>Checkout</h1><label>Name<br><input id="name" value="Ada Lovelace"></label><br>' +
        '<label>Card<br><input id="card" value="4242 4242 4242 4242"></label><br>' +
        (variant === 'B' ? '<button id="buy" class="express" data-track="pay-now">Pay now</button>'
                         : '<button id="buy" data-track="place-order">Place order</button>');
    },
    login: function () {
      view.innerHTML = '<h1>Sign in</h1><label>E-mail<br><input id="email" value="ada@example.com"></label><br>' +
        '<label>Password (try "demo")<br><input id="password" type="password"></label><br>' +
        '<button id="signin">Sign in</button> <span id="login-result"></span>';
    }
  };

  function render() {
    var parts = location.pathname.replace(/^\/demo\/?/, '').split('/');
    (routes[parts[0]] || routes['']).call(null, decodeURIComponent(parts[1] || ''));
  }
  function go(path) { history.pushState(null, '', path); render(); window.scrollTo(0, 0); }

  function addToCart(id) {
    var p = find(id), c = cart(), line = c.filter(function (l) { return l.id === id; })[0];
    if (line) line.qty += 1; else c.push({ id: id, qty: 1 });
    saveCart(c);
    track('add_to_cart', { product: productField(p), quantity: 1 });
  }
  function removeFromCart(id) {
    var c = cart(), line = c.filter(function (l) { return l.id === id; })[0];
    if (!line) return;
    saveCart(c.filter(function (l) { return l.id !== id; }));
    track('remove_from_cart', { product: productField(find(id)), quantity: line.qty });
    render();
  }
  function buy() {
    var c = cart(), orderId = 'web-' + Date.now().toString(36);
    // One purchase per cart line, each its own order, as the simulator writes them, so that
    // revenue adds up line by line.
    c.forEach(function (l, i) {
      var p = find(l.id);
      track('purchase', { product: productField(p), quantity: l.qty,
        order: { id: orderId + '-' + (i + 1), value: Math.round(p.price * l.qty * 100) / 100, currency: 'USD' } });
    });
    saveCart([]);
    if (window.trackboard) window.trackboard.flush();
    view.innerHTML = '<p class="notice" id="thanks">Thank you! Order ' + orderId + ' is on its way.</p>';
  }
  function signIn() {
    var ok = document.getElementById('password').value === 'demo';
    track(ok ? 'login' : 'login_failed');
    document.getElementById('login-result').textContent = ok ? 'Signed in.' : 'Wrong password.';
  }
  function optOutLabel() {
    var out = localStorage.getItem('trackboard_optout') === '1';
    document.getElementById('optout').textContent = out ? 'Tracking is off: turn on' : 'Do not track me';
  }

  document.addEventListener('click', function (e) {
    var t = e.target, link = t.closest('a[data-link]');
    if (t.closest('[data-add]')) { e.preventDefault(); addToCart(t.closest('[data-add]').getAttribute('data-add')); return; }
    if (t.closest('[data-remove]')) { removeFromCart(t.closest('[data-remove]').getAttribute('data-remove')); return; }
    if (t.id === 'buy') { buy(); return; }
    if (t.id === 'signin') { signIn(); return; }
    if (t.id === 'optout') {
      var out = localStorage.getItem('trackboard_optout') === '1';
      localStorage.setItem('trackboard_optout', out ? '0' : '1');
      optOutLabel();
      return;
    }
    if (link) { e.preventDefault(); go(link.getAttribute('href')); }
  });
  window.addEventListener('popstate', render);
  saveCart(cart());
  optOutLabel();
  render();
})();

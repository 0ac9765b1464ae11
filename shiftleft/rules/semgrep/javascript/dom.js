// Test cases for dom.yaml (semgrep --test). Not executed.

// ---- innerHTML audit (kept from the first pack)
function run(expr, name, el) {
  // ruleid: shiftleft.js.dom-xss-innerhtml
  el.innerHTML = "Hello, " + name;
  // ok: shiftleft.js.dom-xss-innerhtml
  el.innerHTML = "<b>static</b>";
  // ok: shiftleft.js.dom-xss-innerhtml
  el.textContent = name;
  // ok: shiftleft.js.dom-xss-innerhtml
  el.innerHTML = DOMPurify.sanitize(name);
  // ruleid: shiftleft.js.dom-xss-innerhtml
  el.insertAdjacentHTML('beforeend', '<li>' + name + '</li>');
  // ruleid: shiftleft.js.dom-xss-innerhtml
  el.innerHTML = "<p>" + name + "</p>";
  // ruleid: shiftleft.js.dom-xss-innerhtml
  el.innerHTML = `<p>${name}</p>`;
}

// ---- DOM XSS from the URL
function showSearch() {
  const q = new URLSearchParams(location.search).get('q');
  const box = document.getElementById('results');
  // ruleid: shiftleft.js.dom-xss, shiftleft.js.dom-xss-innerhtml
  box.innerHTML = '<p>Results for ' + q + '</p>';
  // ok: shiftleft.js.dom-xss
  box.textContent = 'Results for ' + q;
  // ok: shiftleft.js.dom-xss
  box.innerHTML = DOMPurify.sanitize('<p>' + q + '</p>');
  const tab = decodeURIComponent(location.hash.slice(1));
  // ruleid: shiftleft.js.dom-xss, shiftleft.js.dom-xss-innerhtml
  document.write('<h2>' + tab + '</h2>');
  // ruleid: shiftleft.js.dom-xss
  $('#tab').html(tab);
  // ok: shiftleft.js.dom-xss
  $('#tab').text(tab);
  // ruleid: shiftleft.js.dom-xss
  $('#list').append('<li>' + tab + '</li>');
  // ok: shiftleft.js.dom-xss
  document.getElementById('list').append(tab);
  // ruleid: shiftleft.js.dom-xss
  $(location.hash);
  // ok: shiftleft.js.dom-xss
  $('#' + parseInt(location.hash.slice(1), 10));
  // ruleid: shiftleft.js.dom-xss
  frame.srcdoc = document.referrer;
  // ok: shiftleft.js.dom-xss, shiftleft.js.dom-xss-innerhtml
  box.innerHTML = '<b>static</b>';
}

window.addEventListener('message', (event) => {
  if (event.origin !== 'https://app.example.com') return;
  // ruleid: shiftleft.js.dom-xss, shiftleft.js.dom-xss-innerhtml
  document.getElementById('out').innerHTML = event.data.html;
  // ok: shiftleft.js.dom-xss
  document.getElementById('out').textContent = event.data.text;
});

// ---- DOM code injection
function boot() {
  // ruleid: shiftleft.js.dom-code-injection
  eval(location.hash.substring(1));
  const cb = new URLSearchParams(location.search).get('callback');
  const s = document.createElement('script');
  // ruleid: shiftleft.js.dom-code-injection
  s.src = cb;
  // ruleid: shiftleft.js.dom-code-injection
  setTimeout('init(' + window.name + ')', 0);
  // ok: shiftleft.js.dom-code-injection
  const state = JSON.parse(decodeURIComponent(location.hash.slice(1)));
  // ok: shiftleft.js.dom-code-injection
  s.src = '/static/app.js';
  // ok: shiftleft.js.dom-code-injection
  setTimeout(() => init(window.name), 0);
}

// ---- DOM open redirect
function afterLogin() {
  const next = new URLSearchParams(location.search).get('next');
  // ruleid: shiftleft.js.dom-open-redirect
  location.href = next;
  // ruleid: shiftleft.js.dom-open-redirect
  window.location.assign(document.referrer);
  // ruleid: shiftleft.js.dom-open-redirect
  window.open(new URLSearchParams(location.search).get('popup'));
  // ok: shiftleft.js.dom-open-redirect
  location.href = '/dashboard';
  const parser = document.createElement('a');
  // ok: shiftleft.js.dom-open-redirect
  parser.href = location.href;
  // ok: shiftleft.js.dom-open-redirect
  location.href = '/search?q=' + encodeURIComponent(next);
  // ok: shiftleft.js.dom-open-redirect
  location.href = 'https://accounts.example.com/login?next=' + next;
  if (SAFE_PATHS.includes(next)) {
    // ok: shiftleft.js.dom-open-redirect
    location.href = next;
  }
}

// ---- postMessage
// ruleid: shiftleft.js.postmessage-wildcard-origin
window.parent.postMessage({ token: session.token }, '*');
// ok: shiftleft.js.postmessage-wildcard-origin
window.parent.postMessage({ token: session.token }, 'https://app.example.com');
// ok: shiftleft.js.postmessage-wildcard-origin
worker.postMessage({ job: 1 });
// ok: shiftleft.js.postmessage-wildcard-origin
window.postMessage(token, '*');
// ruleid: shiftleft.js.postmessage-wildcard-origin
iframe.contentWindow.postMessage({ cmd: 'play' }, '*');

// ruleid: shiftleft.js.message-handler-without-origin-check
window.addEventListener('message', function (e) {
  applySettings(e.data);
});

// ok: shiftleft.js.message-handler-without-origin-check
window.addEventListener('message', function (e) {
  if (e.origin !== 'https://app.example.com') return;
  applySettings(e.data);
});

// ok: shiftleft.js.message-handler-without-origin-check
worker.addEventListener('message', (e) => {
  render(e.data);
});

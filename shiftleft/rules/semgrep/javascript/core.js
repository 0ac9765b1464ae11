// Test cases for javascript.yaml (semgrep --test). Not executed.
function run(expr, name, el) {
  // ruleid: shiftleft.js.eval
  eval(expr);
  // ok: shiftleft.js.eval
  eval("1 + 1");
  // ruleid: shiftleft.js.eval
  setTimeout(expr, 10);
  // ok: shiftleft.js.eval
  setTimeout(() => run(), 10);
  // ruleid: shiftleft.js.dom-xss-innerhtml
  el.innerHTML = "Hello, " + name;
  // ok: shiftleft.js.dom-xss-innerhtml
  el.innerHTML = "<b>static</b>";
  // ok: shiftleft.js.dom-xss-innerhtml
  el.textContent = name;
}

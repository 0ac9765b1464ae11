// Front-end of the demo app (deliberately unsafe).
function showGreeting(name) {
  document.getElementById("greeting").innerHTML = "Hello, " + name;
}

function calculate() {
  const expr = new URLSearchParams(window.location.search).get("expr");
  return eval(expr);
}

module.exports = { showGreeting, calculate };

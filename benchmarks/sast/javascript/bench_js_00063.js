const params = new URLSearchParams(window.location.search);
const query = params.get("q");

document.write("<div class='results'>Results for " + query + "</div>");

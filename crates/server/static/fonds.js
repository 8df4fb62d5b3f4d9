// fonds: small enhancements; every page works without this script.
document.addEventListener("click", function (event) {
  var button = event.target.closest("button.copy");
  if (!button) return;
  var target = document.getElementById(button.getAttribute("data-copy-target"));
  if (!target) return;
  var text = target.textContent;
  var done = function () {
    button.textContent = "Copied";
    setTimeout(function () { button.textContent = "Copy"; }, 2500);
  };
  if (navigator.clipboard && navigator.clipboard.writeText) {
    navigator.clipboard.writeText(text).then(done, function () { fallback(text); done(); });
  } else {
    fallback(text);
    done();
  }
});

function fallback(text) {
  var area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.className = "visually-hidden";
  document.body.appendChild(area);
  area.select();
  try { document.execCommand("copy"); } catch (e) { /* the text stays selectable */ }
  document.body.removeChild(area);
}

// Stepping through the matches of a search on a document page: the links
// work without the script (to the first and the last match); with it they
// move from the match in view to the one before or after it.
(function () {
  var count = document.getElementById("match-count");
  if (!count) return;
  var marks = Array.prototype.slice.call(document.querySelectorAll("mark[id^='hit-']"));
  if (!marks.length) return;
  var at = -1;
  function show(i) {
    if (at >= 0) marks[at].classList.remove("current");
    at = (i + marks.length) % marks.length;
    var m = marks[at];
    m.classList.add("current");
    m.scrollIntoView({ block: "center" });
    count.textContent = (at + 1) + " of " + marks.length + " matches";
    history.replaceState(null, "", "#" + m.id);
  }
  function step(by, event) {
    event.preventDefault();
    show(at < 0 ? (by > 0 ? 0 : marks.length - 1) : at + by);
  }
  document.getElementById("next-match").addEventListener("click", function (e) { step(1, e); });
  document.getElementById("previous-match").addEventListener("click", function (e) { step(-1, e); });
  document.addEventListener("keydown", function (e) {
    var t = e.target;
    if (e.ctrlKey || e.metaKey || e.altKey || (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA"))) return;
    if (e.key === "n") step(1, e);
    else if (e.key === "p") step(-1, e);
  });
})();

// The print button: the print style leaves the reading view alone on the
// page, which the browser prints or saves as PDF.
(function () {
  var button = document.getElementById("print");
  if (!button) return;
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
})();

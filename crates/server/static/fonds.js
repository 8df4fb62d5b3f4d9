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

// The scan beside the texts: deep zoom over the IIIF image service with
// OpenSeadragon (served by fonds itself), the words of the search the page
// was opened from highlighted on the scan, the OCR's lines on demand, and
// on a phone a tab for the text and one for the scan. Without the script
// or the viewer, the first scan is an image and every page a link.
(function () {
  var panel = document.getElementById("scan");
  if (!panel) return;
  var article = panel.closest("article");
  // Tabs on a phone: the texts or the scan.
  if (article && window.matchMedia) {
    var tabs = document.createElement("div");
    tabs.className = "scan-tabs";
    tabs.setAttribute("role", "tablist");
    tabs.setAttribute("aria-label", "Text or scan");
    var tab = function (id, label, controls, selected) {
      var b = document.createElement("button");
      b.type = "button";
      b.id = id;
      b.setAttribute("role", "tab");
      b.setAttribute("aria-controls", controls);
      b.setAttribute("aria-selected", selected ? "true" : "false");
      b.textContent = label;
      tabs.appendChild(b);
      return b;
    };
    var textTab = tab("tab-text", "Text", "texts-panel", true);
    var scanTab = tab("tab-scan", "Scan", "scan", false);
    var texts = document.getElementById("texts-panel");
    if (texts) texts.parentNode.insertBefore(tabs, texts);
    article.classList.add("tabbed");
    var choose = function (scan) {
      article.classList.toggle("showing-scan", scan);
      textTab.setAttribute("aria-selected", scan ? "false" : "true");
      scanTab.setAttribute("aria-selected", scan ? "true" : "false");
      if (scan && window.fondsViewer) window.fondsViewer.forceResize();
    };
    textTab.addEventListener("click", function () { choose(false); });
    scanTab.addEventListener("click", function () { choose(true); });
  }
  if (!window.OpenSeadragon) return;

  var doc = panel.getAttribute("data-doc");
  var count = parseInt(panel.getAttribute("data-scans"), 10) || 0;
  var labels = (panel.getAttribute("data-labels") || "").split("\u001f");
  var ocr = (panel.getAttribute("data-ocr") || "").split(",").filter(Boolean).map(Number);
  var image = function (n) {
    return "/iiif/3/" + encodeURIComponent(doc + ":" + n).replace("%3A", ":");
  };
  var sources = [];
  for (var i = 1; i <= count; i++) sources.push(image(i) + "/info.json");
  var holder = document.getElementById("scan-viewer");
  holder.innerHTML = "";
  var viewer = OpenSeadragon({
    element: holder,
    tileSources: sources,
    sequenceMode: true,
    showNavigationControl: false,
    showSequenceControl: false,
    preserveViewport: false,
    visibilityRatio: 0.5,
    gestureSettingsMouse: { clickToZoom: false },
    drawer: "canvas"
  });
  window.fondsViewer = viewer;
  holder.setAttribute("role", "img");
  var at = document.getElementById("scan-at");
  var download = document.getElementById("scan-download");
  var file = document.getElementById("scan-file");
  var current = 0;
  var hits = [];
  var lines = {};
  var showOcr = false;

  function place(x, y, w, h, className, title) {
    var item = viewer.world.getItemAt(0);
    if (!item) return;
    var el = document.createElement("div");
    el.className = className;
    if (title) el.title = title;
    viewer.addOverlay({ element: el, location: item.imageToViewportRectangle(x, y, w, h) });
  }
  function draw() {
    viewer.clearOverlays();
    var n = current + 1;
    if (showOcr && lines[n]) lines[n].forEach(function (l) { place(l.x, l.y, l.w, l.h, "scan-ocr-line", l.text); });
    hits.forEach(function (h) { if (h.n === n) place(h.x, h.y, h.w, h.h, "scan-hit", h.text); });
  }
  function loadLines() {
    var n = current + 1;
    if (!showOcr || lines[n] || ocr.indexOf(n) < 0) { draw(); return; }
    fetch(image(n).replace("/iiif/3/", "/iiif/ocr/")).then(function (r) { return r.json(); }).then(function (page) {
      lines[n] = (page.items || []).map(function (a) { return region(a.target, a.body.value); }).filter(Boolean);
      draw();
    });
  }
  function region(target, text) {
    var m = /\/canvas\/(\d+)#xywh=(\d+),(\d+),(\d+),(\d+)$/.exec(target);
    if (!m) return null;
    return { n: +m[1], x: +m[2], y: +m[3], w: +m[4], h: +m[5], text: text };
  }
  viewer.addHandler("page", function (e) {
    current = e.page;
    var n = current + 1;
    at.textContent = (labels[current] || "scan " + n) + ", " + n + " of " + count;
    download.href = image(n) + "/full/max/0/default.jpg";
    file.href = "/doc/" + encodeURIComponent(doc) + "/scans/" + n;
    holder.setAttribute("aria-label", "The scan of " + (labels[current] || "page " + n) + ", zoomable");
  });
  viewer.addHandler("open", loadLines);
  viewer.raiseEvent("page", { page: 0 });

  panel.querySelector(".scan-tools").hidden = false;
  var go = function (page) { if (page >= 0 && page < count && page !== current) viewer.goToPage(page); };
  document.getElementById("scan-prev").addEventListener("click", function () { go(current - 1); });
  document.getElementById("scan-next").addEventListener("click", function () { go(current + 1); });
  document.getElementById("scan-zoom-in").addEventListener("click", function () { viewer.viewport.zoomBy(1.5); viewer.viewport.applyConstraints(); });
  document.getElementById("scan-zoom-out").addEventListener("click", function () { viewer.viewport.zoomBy(1 / 1.5); viewer.viewport.applyConstraints(); });
  document.getElementById("scan-home").addEventListener("click", function () { viewer.viewport.goHome(); });
  var ocrButton = document.getElementById("scan-ocr");
  if (ocrButton) ocrButton.addEventListener("click", function () {
    showOcr = !showOcr;
    ocrButton.setAttribute("aria-pressed", showOcr ? "true" : "false");
    loadLines();
  });
  Array.prototype.forEach.call(panel.querySelectorAll("a.scan-page"), function (a, i) {
    a.addEventListener("click", function (e) { e.preventDefault(); go(i); });
  });

  // The words of the search the page was opened from, on the scan.
  var search = panel.getAttribute("data-search");
  var q = new URLSearchParams(location.search).get("q");
  if (search && q && q !== "*") {
    fetch(search + "?q=" + encodeURIComponent(q)).then(function (r) { return r.json(); }).then(function (page) {
      hits = (page.items || []).map(function (a) { return region(a.target, a.body && a.body.value); }).filter(Boolean);
      var said = document.getElementById("scan-hits");
      if (!hits.length) return;
      var pages = hits.map(function (h) { return h.n; }).filter(function (n, i, all) { return all.indexOf(n) === i; });
      said.textContent = hits.length + (hits.length === 1 ? " word" : " words") + " of the search on the scan, on " +
        pages.map(function (n) { return labels[n - 1] || "scan " + n; }).join(", ");
      said.hidden = false;
      panel.setAttribute("data-hits", String(hits.length));
      if (pages[0] - 1 !== current) go(pages[0] - 1); else draw();
    });
  }
})();

/* Interactive charts: each <figure class="chart" data-chart="SPEC-ID"> holds the
 * server's SVG (which works without JavaScript) and names a <script
 * type="application/json"> with its Vega-Lite spec. When vega-embed is loaded, the
 * interactive chart replaces the SVG; if anything fails, the SVG stays.
 *
 * The site's CSP allows scripts and styles from our origin only, so: `ast: true`
 * (Vega's expression interpreter instead of `new Function`), no default style and no
 * tooltip style (both would inject a <style> element); charts.css styles them instead.
 */
(function () {
  "use strict";

  var views = new Map();

  function labels(figure) {
    var words = {};
    var data = figure.dataset;
    if (data.labelSvg) { words.SVG_ACTION = data.labelSvg; }
    if (data.labelPng) { words.PNG_ACTION = data.labelPng; }
    if (data.labelActions) { words.CLICK_TO_VIEW_ACTIONS = data.labelActions; }
    return words;
  }

  /* vega-embed fills a download link's address on mousedown only, so a keyboard
   * user pressing Enter would download "#". Fill it on focus too, and on a click
   * that still finds no address, fill it and click again. */
  function keyboardDownloads(container, view) {
    container.querySelectorAll(".vega-actions a[download]").forEach(function (link) {
      var type = /\.png$/.test(link.download) ? "png" : "svg";
      function fill() {
        return view.toImageURL(type, type === "png" ? 2 : 1).then(function (url) {
          link.href = url;
        });
      }
      link.removeAttribute("target");
      link.addEventListener("focus", function () { fill().catch(function () {}); });
      link.addEventListener("click", function (event) {
        if (link.getAttribute("href") !== "#") { return; }
        event.preventDefault();
        fill().then(function () { link.click(); }).catch(function () {});
      });
    });
  }

  function nameActions(container, figure) {
    var actions = container.querySelector(".vega-actions");
    if (actions && figure.dataset.labelActions) {
      actions.setAttribute("role", "group");
      actions.setAttribute("aria-label", figure.dataset.labelActions);
    }
  }

  function render(figure) {
    var source = document.getElementById(figure.dataset.chart || "");
    var container = figure.querySelector(".chart-view");
    if (!source || !container || figure.dataset.chartState) { return; }
    var spec;
    try {
      spec = JSON.parse(source.textContent);
    } catch (error) {
      figure.dataset.chartState = "static";
      return;
    }
    figure.dataset.chartState = "loading";
    // vega-embed empties its container first: keep the server's SVG to put back.
    var fallback = Array.prototype.slice.call(container.childNodes);
    window.vegaEmbed(container, spec, {
      ast: true,
      renderer: "svg",
      defaultStyle: false,
      tooltip: { disableDefaultStyle: true },
      actions: { export: true, source: false, compiled: false, editor: false },
      downloadFileName: figure.dataset.downloadName || "chart",
      i18n: labels(figure),
      logLevel: 1
    }).then(function (result) {
      figure.dataset.chartState = "interactive";
      views.set(figure, result);
      nameActions(container, figure);
      keyboardDownloads(container, result.view);
    }).catch(function (error) {
      container.replaceChildren.apply(container, fallback);
      figure.dataset.chartState = "static";
      if (window.console) { window.console.warn("chart kept as SVG:", error); }
    });
  }

  function renderAll() {
    // Views of figures an htmx swap removed would otherwise keep their listeners.
    views.forEach(function (result, figure) {
      if (!figure.isConnected) {
        result.finalize();
        views.delete(figure);
      }
    });
    if (typeof window.vegaEmbed !== "function") { return; }
    document.querySelectorAll("figure.chart[data-chart]").forEach(render);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", renderAll);
  } else {
    renderAll();
  }
  document.addEventListener("htmx:afterSettle", renderAll);
})();

/* Sortable tables: every header of a `table.sortable` becomes a button that sorts the
 * rows by that column (numbers as numbers, missing values last), with `aria-sort` on
 * the header and the change announced in the page's polite live region. The sort is
 * kept in the address (`?sort=<column>-<asc|desc>`), so a shared link sorts the same.
 * Without JavaScript the table keeps the server's order. */
(function () {
  "use strict";

  function cellValue(row, index) {
    const cell = row.children[index];
    if (!cell) return { missing: true, text: "" };
    const text = (cell.dataset.sort || cell.innerText || "").trim();
    if (text === "" || text.startsWith("\u2013")) return { missing: true, text: "" };
    const number = Number(text.replace(/[,\s\u00a0]/g, "").replace(/[^0-9.eE+-].*$/, ""));
    return { missing: false, text: text, number: Number.isFinite(number) && /^[-+]?[0-9.]/.test(text) ? number : null };
  }

  function compare(a, b) {
    if (a.missing || b.missing) return a.missing === b.missing ? 0 : a.missing ? 1 : -1;
    if (a.number !== null && b.number !== null) return a.number - b.number;
    return a.text.localeCompare(b.text, document.documentElement.lang || undefined);
  }

  function announce(message) {
    let region = document.getElementById("announce");
    if (!region) {
      region = document.createElement("div");
      region.id = "announce";
      region.className = "visually-hidden";
      region.setAttribute("aria-live", "polite");
      document.body.appendChild(region);
    }
    region.textContent = message;
  }

  function sortBy(table, index, direction, quiet) {
    const body = table.tBodies[0];
    if (!body) return;
    const rows = Array.from(body.rows);
    rows.sort(function (r1, r2) {
      const order = compare(cellValue(r1, index), cellValue(r2, index));
      return direction === "ascending" ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    table.querySelectorAll("thead th").forEach(function (th, i) {
      if (i === index) th.setAttribute("aria-sort", direction);
      else th.removeAttribute("aria-sort");
    });
    const header = table.tHead.rows[0].cells[index];
    const words = direction === "ascending" ? table.dataset.sortedAscending : table.dataset.sortedDescending;
    if (!quiet && words) announce(words.replace("%(column)s", header.innerText.trim()));
  }

  function keep(table, index, direction) {
    if (!table.id) return;
    const url = new URL(window.location.href);
    url.searchParams.set("sort", table.id + "-" + index + "-" + (direction === "ascending" ? "asc" : "desc"));
    window.history.replaceState(window.history.state, "", url);
  }

  function enhance(table) {
    if (table.dataset.sortReady) return;
    table.dataset.sortReady = "1";
    const header = table.tHead && table.tHead.rows[0];
    if (!header) return;
    Array.from(header.cells).forEach(function (th, index) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        const next = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
        sortBy(table, index, next, false);
        keep(table, index, next);
      });
    });
    const asked = new URL(window.location.href).searchParams.get("sort") || "";
    const parts = asked.split("-");
    if (table.id && parts.length >= 3 && parts.slice(0, -2).join("-") === table.id) {
      const index = Number(parts[parts.length - 2]);
      if (Number.isInteger(index) && index < header.cells.length) {
        sortBy(table, index, parts[parts.length - 1] === "desc" ? "descending" : "ascending", true);
      }
    }
  }

  function enhanceAll(root) {
    (root || document).querySelectorAll("table.sortable").forEach(enhance);
  }

  document.addEventListener("DOMContentLoaded", function () { enhanceAll(document); });
  document.addEventListener("htmx:afterSettle", function (event) { enhanceAll(event.target); });
})();

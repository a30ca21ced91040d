/**
 * The HTML report's only script: sorting of `table.sortable` by any column, a text and verdict
 * filter above tables marked `data-filter`, and buttons to open or close every evidence panel.
 * The report reads the same without it (JavaScript off, or a viewer that strips scripts). The
 * script is a constant: it reads report text only through `textContent` and attributes and writes
 * only `textContent`, `hidden` and `aria-sort`, never markup. The Content-Security-Policy allows
 * exactly this script, by its SHA-256 (CSP Level 3 §8.4 hash-source).
 * @module report/html/script
 */
import { createHash } from 'node:crypto';

/** The script's text, exactly as written into the report. */
export const REPORT_SCRIPT = `
(function () {
  'use strict';
  function cellKey(row, col) {
    var cell = row.cells[col];
    if (!cell) return '';
    var v = cell.getAttribute('data-v');
    return v !== null && v !== '' ? v : (cell.textContent || '').trim().toLowerCase();
  }
  function compare(a, b) {
    var an = /^-?\\d+(\\.\\d+)?$/.test(a), bn = /^-?\\d+(\\.\\d+)?$/.test(b);
    if (an && bn) {
      var d = Number(a) - Number(b);
      if (d !== 0 && Math.abs(Number(a)) < 9e15 && Math.abs(Number(b)) < 9e15) return d;
      if (a.length !== b.length) return a.length - b.length;
    }
    return a < b ? -1 : a > b ? 1 : 0;
  }
  function sortBy(table, col, th) {
    var body = table.tBodies[0];
    var desc = th.getAttribute('aria-sort') === 'ascending';
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (x, y) { var c = compare(cellKey(x, col), cellKey(y, col)); return desc ? -c : c; });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) { h.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', desc ? 'descending' : 'ascending');
    rows.forEach(function (r) { body.appendChild(r); });
  }
  document.querySelectorAll('table.sortable').forEach(function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
      var b = document.createElement('button');
      b.type = 'button';
      b.className = 'sort';
      b.textContent = th.textContent;
      b.title = 'Sort by this column';
      th.textContent = '';
      th.appendChild(b);
      b.addEventListener('click', function () { sortBy(table, col, th); });
    });
  });
  document.querySelectorAll('table[data-filter]').forEach(function (table) {
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var bar = document.createElement('p');
    bar.className = 'filter';
    var input = document.createElement('input');
    input.type = 'search';
    input.placeholder = 'Filter rows (address, name, country, reason)';
    input.setAttribute('aria-label', 'Filter rows');
    var select = document.createElement('select');
    select.setAttribute('aria-label', 'Verdict');
    ['all verdicts', 'FAIL', 'INCONCLUSIVE', 'PASS'].forEach(function (v) {
      var o = document.createElement('option');
      o.value = v === 'all verdicts' ? '' : v;
      o.textContent = v;
      select.appendChild(o);
    });
    var shown = document.createElement('span');
    function apply() {
      var q = input.value.trim().toLowerCase(), v = select.value, n = 0;
      rows.forEach(function (r) {
        var ok = (v === '' || r.getAttribute('data-verdict') === v) && (q === '' || (r.textContent || '').toLowerCase().indexOf(q) >= 0);
        r.hidden = !ok;
        if (ok) n++;
      });
      shown.textContent = n + ' of ' + rows.length + ' rows';
    }
    input.addEventListener('input', apply);
    select.addEventListener('change', apply);
    bar.appendChild(input);
    bar.appendChild(select);
    bar.appendChild(shown);
    table.parentNode.insertBefore(bar, table);
    apply();
  });
  var evidence = document.getElementById('evidence');
  if (evidence) {
    var bar = document.createElement('p');
    bar.className = 'filter';
    [['Open all', true], ['Close all', false]].forEach(function (x) {
      var b = document.createElement('button');
      b.type = 'button';
      b.textContent = x[0];
      b.addEventListener('click', function () {
        evidence.querySelectorAll('details').forEach(function (d) { d.open = x[1]; });
      });
      bar.appendChild(b);
    });
    evidence.insertBefore(bar, evidence.children[1] || null);
  }
})();
`;

/** `'sha256-…'` of the script, for the Content-Security-Policy's script-src. */
export const REPORT_SCRIPT_HASH = `'sha256-${createHash('sha256').update(REPORT_SCRIPT, 'utf8').digest('base64')}'`;

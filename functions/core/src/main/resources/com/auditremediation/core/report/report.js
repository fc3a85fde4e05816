(function () {
  'use strict';
  var WORDS = {ok: 'Compliant', nc: 'Non-compliant', fx: 'Remediated', er: 'Error', na: 'N/A', none: 'no result'};

  function all(selector, root) {
    return Array.prototype.slice.call((root || document).querySelectorAll(selector));
  }

  function choose(select, value) {
    if (!select) { return; }
    var found = Array.prototype.some.call(select.options, function (option) { return option.value === value; });
    select.value = found ? value : 'ALL';
  }

  // Every filter keeps its state in the address's fragment, so that a filtered view can be bookmarked.
  var fields = {
    status: document.getElementById('f-status'), ou: document.getElementById('f-ou'), q: document.getElementById('f-q'),
    severity: document.getElementById('g-severity'), check: document.getElementById('g-check'),
    unit: document.getElementById('g-ou'), change: document.getElementById('g-change')
  };

  function readHash() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ''));
    Object.keys(fields).forEach(function (name) {
      var field = fields[name];
      if (!field) { return; }
      if (field.tagName === 'SELECT') { choose(field, params.get(name) || 'ALL'); } else { field.value = params.get(name) || ''; }
    });
  }

  function writeHash() {
    var params = new URLSearchParams();
    Object.keys(fields).forEach(function (name) {
      var field = fields[name];
      var value = field ? field.value.trim() : '';
      if (value && value !== 'ALL') { params.set(name, value); }
    });
    var text = params.toString();
    try {
      history.replaceState(null, '', text ? '#' + text : location.pathname + location.search);
    } catch (e) {
      // Some browsers refuse history changes on file: pages; the filters work all the same.
    }
  }

  // The account matrix: status, OU and text filters; each account's messages open below its line.
  var rows = all('table.matrix tbody tr.row');
  var shown = document.getElementById('shown');

  function applyAccounts() {
    if (!fields.status || !shown) { return; }
    var wanted = fields.status.value;
    var unit = fields.ou.value;
    var text = fields.q.value.trim().toLowerCase();
    var count = 0;
    rows.forEach(function (row) {
      var show = (wanted === 'ALL' || row.getAttribute('data-status') === wanted
              || (wanted === 'NON_COMPLIANT' && row.getAttribute('data-findings') === 'true')
              || (wanted === 'NOT_EXPORTED' && row.getAttribute('data-not-exported') === 'true')
              || (wanted === 'CHANGED' && row.getAttribute('data-changed') === 'true'))
          && (unit === 'ALL' || row.getAttribute('data-ou') === unit)
          && (!text || row.getAttribute('data-search').indexOf(text) >= 0);
      row.hidden = !show;
      var detail = row.nextElementSibling;
      if (detail && detail.classList.contains('detail')) {
        detail.hidden = !show || row.querySelector('button.more').getAttribute('aria-expanded') !== 'true';
      }
      if (show) { count++; }
    });
    shown.textContent = count === rows.length ? 'Showing all ' + rows.length + ' accounts'
        : 'Showing ' + count + ' of ' + rows.length + ' accounts';
  }

  var matrix = document.querySelector('table.matrix');
  if (matrix) {
    var headers = all('thead th', matrix);
    matrix.addEventListener('click', function (event) {
      var button = event.target.closest('button.more');
      if (!button) { return; }
      var open = button.getAttribute('aria-expanded') !== 'true';
      button.setAttribute('aria-expanded', String(open));
      button.textContent = open ? '\u2212' : '+';
      document.getElementById(button.getAttribute('aria-controls')).hidden = !open;
    });
    // A cell's tooltip names its check and status (and each region's), made when the pointer first reaches it.
    matrix.addEventListener('mouseover', function (event) {
      var cell = event.target.closest('td.c');
      if (!cell || cell.title) { return; }
      var header = headers[cell.cellIndex];
      var kind = cell.classList[1];
      var regions = cell.getAttribute('data-r');
      var tip = (header ? header.getAttribute('data-check') : '') + ': ' + (WORDS[kind] || kind);
      if (regions) { tip += regions.indexOf(' ') > 0 ? ' (' + regions + ')' : ' in ' + regions; }
      if (cell.classList.contains('new')) { tip += '; newly failing since the last sweep'; }
      if (cell.classList.contains('res')) { tip += '; resolved since the last sweep'; }
      cell.title = tip;
    });
  }

  // The findings: one line per failing result, filtered by severity, check, OU and change; the lines shown copy as text.
  var findings = all('table.findings tbody tr.f');
  var findingsShown = document.getElementById('findings-shown');

  function applyFindings() {
    if (!findingsShown) { return; }
    var severity = fields.severity.value;
    var check = fields.check.value;
    var unit = fields.unit.value;
    var change = fields.change ? fields.change.value : 'ALL';
    var count = 0;
    findings.forEach(function (line) {
      var show = (severity === 'ALL' || line.getAttribute('data-severity') === severity)
          && (check === 'ALL' || line.getAttribute('data-check') === check)
          && (unit === 'ALL' || line.getAttribute('data-ou') === unit)
          && (change === 'ALL' || line.getAttribute('data-change') === change);
      line.hidden = !show;
      if (show) { count++; }
    });
    findingsShown.textContent = count === findings.length ? 'Showing all ' + findings.length + ' findings'
        : 'Showing ' + count + ' of ' + findings.length + ' findings';
  }

  function findingsText() {
    var lines = ['severity\taccount_id\taccount_name\tou\tcheck_id\tregion\tdetail\tchange'];
    findings.forEach(function (line) {
      if (line.hidden) { return; }
      var cells = line.cells;
      lines.push([cells[0].textContent, line.querySelector('.id').textContent, line.querySelector('.name').textContent,
        cells[2].textContent, cells[3].textContent, cells[4].textContent, cells[5].textContent, cells[6].textContent]
        .map(function (text) { return text.replace(/[\t\r\n]+/g, ' ').trim(); }).join('\t'));
    });
    return lines.join('\n') + '\n';
  }

  var copy = document.getElementById('g-copy');
  var copied = document.getElementById('g-copied');
  if (copy && copied) {
    copy.addEventListener('click', function () {
      var text = findingsText();
      copied.value = text;
      copied.hidden = false;
      copied.select();
      var done = false;
      try { done = document.execCommand('copy'); } catch (e) { done = false; }
      if (!done && navigator.clipboard) {
        navigator.clipboard.writeText(text).then(function () { copy.textContent = 'Copied'; }, function () {
          copy.textContent = 'Copy the selected text below';
        });
      } else {
        copy.textContent = done ? 'Copied' : 'Copy the selected text below';
      }
    });
  }

  function apply() {
    applyAccounts();
    applyFindings();
  }

  Object.keys(fields).forEach(function (name) {
    var field = fields[name];
    if (field) { field.addEventListener(field.tagName === 'SELECT' ? 'change' : 'input', function () { writeHash(); apply(); }); }
  });
  window.addEventListener('hashchange', function () { readHash(); apply(); });
  readHash();
  apply();
  document.documentElement.className += ' js';
})();

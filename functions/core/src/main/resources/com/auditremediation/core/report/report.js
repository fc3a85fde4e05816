(function () {
  'use strict';
  var status = document.getElementById('f-status');
  var ou = document.getElementById('f-ou');
  var search = document.getElementById('f-q');
  var shown = document.getElementById('shown');
  if (!status || !ou || !search || !shown) {
    return;
  }
  var rows = Array.prototype.slice.call(document.querySelectorAll('table.matrix tbody tr.row'));

  function choose(select, value) {
    var found = Array.prototype.some.call(select.options, function (option) { return option.value === value; });
    select.value = found ? value : 'ALL';
  }

  function readHash() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ''));
    choose(status, params.get('status') || 'ALL');
    choose(ou, params.get('ou') || 'ALL');
    search.value = params.get('q') || '';
  }

  function writeHash() {
    var params = new URLSearchParams();
    if (status.value !== 'ALL') { params.set('status', status.value); }
    if (ou.value !== 'ALL') { params.set('ou', ou.value); }
    if (search.value.trim()) { params.set('q', search.value.trim()); }
    var text = params.toString();
    try {
      history.replaceState(null, '', text ? '#' + text : location.pathname + location.search);
    } catch (e) {
      // Some browsers refuse history changes on file: pages; the filter works all the same.
    }
  }

  function apply() {
    var wanted = status.value;
    var unit = ou.value;
    var text = search.value.trim().toLowerCase();
    var count = 0;
    rows.forEach(function (row) {
      var show = (wanted === 'ALL' || row.getAttribute('data-status') === wanted
              || (wanted === 'NON_COMPLIANT' && row.getAttribute('data-findings') === 'true')
              || (wanted === 'NOT_EXPORTED' && row.getAttribute('data-not-exported') === 'true'))
          && (unit === 'ALL' || row.getAttribute('data-ou') === unit)
          && (!text || row.getAttribute('data-search').indexOf(text) >= 0);
      row.hidden = !show;
      if (show) { count++; }
    });
    shown.textContent = count === rows.length ? 'Showing all ' + rows.length + ' accounts'
        : 'Showing ' + count + ' of ' + rows.length + ' accounts';
  }

  status.addEventListener('change', function () { writeHash(); apply(); });
  ou.addEventListener('change', function () { writeHash(); apply(); });
  search.addEventListener('input', function () { writeHash(); apply(); });
  window.addEventListener('hashchange', function () { readHash(); apply(); });
  readHash();
  apply();
  document.documentElement.className += ' js';
})();

// kzgeo's page helper (window.kzgeo): data islands, cards, legends and canvas dots.
// Every text from input reaches the screen through textContent, never as HTML.
window.kzgeo = window.kzgeo || (function () {
  var WEB = /^https?:\/\/[^\s]+$/i;
  // page data travels in <script type="application/json"> islands, inserted after the
  // template render: reading them back is the only way input text enters the page
  function data(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function card(spec) {
    var box = el('div', 'kzgeo-card');
    if (spec.title) { box.appendChild(el('div', 'kzgeo-title', spec.title)); }
    if (spec.subtitle) { box.appendChild(el('div', 'kzgeo-sub', spec.subtitle)); }
    if (spec.rows && spec.rows.length) {
      var table = el('table');
      spec.rows.forEach(function (r) {
        var tr = el('tr');
        tr.appendChild(el('th', null, r[0]));
        tr.appendChild(el('td', null, r[1]));
        table.appendChild(tr);
      });
      box.appendChild(table);
    }
    (spec.links || []).forEach(function (l) {
      var url = String(l[1]);
      if (!WEB.test(url)) {
        // not a web address (javascript:, data:, a file path ...): shown, never followed
        box.appendChild(el('span', 'kzgeo-link kzgeo-link-text', l[0] + ': ' + url));
        return;
      }
      var a = el('a', 'kzgeo-link', l[0]);
      a.href = url; a.target = '_blank'; a.rel = 'noopener noreferrer';
      box.appendChild(a);
    });
    if (spec.note) { box.appendChild(el('div', 'kzgeo-note', spec.note)); }
    return box;
  }
  function bind(layer, tip, pop) {
    if (tip) { layer.bindTooltip(function () { return card(tip); }, {sticky: true}); }
    if (pop) { layer.bindPopup(function () { return card(pop); }, {maxWidth: 380}); }
  }
  function legend(spec) {
    var box = el('div', 'kzgeo-legend-body');
    box.appendChild(el('div', 'kzgeo-title', spec.title));
    if (spec.unit) { box.appendChild(el('div', 'kzgeo-sub', spec.unit)); }
    (spec.items || []).forEach(function (it) {
      var row = el('div', 'kzgeo-legend-row');
      var sw = el('span', 'kzgeo-swatch');
      sw.style.background = it.fill || 'transparent';
      sw.style.border = it.border || '1px solid #555';
      if (it.round) { sw.style.borderRadius = '50%'; }
      row.appendChild(sw);
      row.appendChild(el('span', null, it.label));
      box.appendChild(row);
    });
    if (spec.note) { box.appendChild(el('div', 'kzgeo-note', spec.note)); }
    return box;
  }
  // many facilities: dots on one canvas, redrawn after each move; a click opens the card of
  // the nearest dot within 8 px
  var Dots = L.Layer.extend({
    initialize: function (d, palette) { this._d = d; this._palette = palette; },
    onAdd: function (map) {
      this._map = map;
      this._canvas = L.DomUtil.create('canvas', 'kzgeo-dots leaflet-zoom-hide');
      map.getPanes().overlayPane.appendChild(this._canvas);
      map.on('moveend zoomend resize viewreset', this._draw, this);
      map.on('click', this._click, this);
      this._draw();
    },
    onRemove: function (map) {
      L.DomUtil.remove(this._canvas);
      map.off('moveend zoomend resize viewreset', this._draw, this);
      map.off('click', this._click, this);
    },
    _draw: function () {
      var map = this._map, d = this._d, size = map.getSize(), n = d.lat.length;
      var canvas = this._canvas;
      L.DomUtil.setPosition(canvas, map.containerPointToLayerPoint([0, 0]));
      canvas.width = size.x; canvas.height = size.y;
      var ctx = canvas.getContext('2d');
      this._x = new Float32Array(n); this._y = new Float32Array(n);
      var radius = map.getZoom() >= 9 ? 5 : 3;
      for (var c = 0; c < this._palette.length; c++) {
        ctx.beginPath();
        ctx.fillStyle = this._palette[c];
        for (var i = 0; i < n; i++) {
          if (c === 0) {
            var p = map.latLngToContainerPoint([d.lat[i], d.lon[i]]);
            this._x[i] = p.x; this._y[i] = p.y;
          }
          if (d.c[i] % this._palette.length !== c) { continue; }
          var x = this._x[i], y = this._y[i];
          if (x < -10 || y < -10 || x > size.x + 10 || y > size.y + 10) { continue; }
          ctx.moveTo(x + radius, y);
          ctx.arc(x, y, radius, 0, 6.2832);
        }
        ctx.globalAlpha = 0.8;
        ctx.fill();
      }
      this._canvas.setAttribute('data-drawn', String(n));
    },
    _click: function (e) {
      var d = this._d, best = -1, bestD = 64, px = e.containerPoint.x, py = e.containerPoint.y;
      for (var i = 0; i < d.lat.length; i++) {
        var dx = this._x[i] - px, dy = this._y[i] - py, dd = dx * dx + dy * dy;
        if (dd < bestD) { bestD = dd; best = i; }
      }
      if (best < 0) { return; }
      L.popup({maxWidth: 380}).setLatLng([d.lat[best], d.lon[best]]).setContent(card({
        title: d.names[d.c[best]],
        rows: [['Site', d.site[best]],
               ['Investment', d.inv[best] === null ? '-' : d.inv[best].toFixed(3) + ' bn KZT'],
               ['Jobs', d.jobs[best] === null ? '-' : d.jobs[best]],
               ['Precision', d.labels[d.prec[best]]]]
      })).openOn(this._map);
    }
  });
  function dots(d, palette) { return new Dots(d, palette); }
  return {data: data, el: el, card: card, bind: bind, legend: legend, dots: dots};
})();

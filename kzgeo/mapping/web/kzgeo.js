// kzgeo's page helper (window.kzgeo): data islands, cards, legends, panes, labels, canvas dots.
// Every text from input reaches the screen through textContent, never as HTML.
window.kzgeo = window.kzgeo || (function () {
  var WEB = /^https?:\/\/[^\s]+$/i;
  var SMALL = 640;  // px: below this width the map uses its phone layout
  // page data travels in <script type="application/json"> islands, inserted after the
  // template render: reading them back is the only way input text enters the page
  function data(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }
  var words = null;
  function t(key) {
    words = words || data('kzgeo_words') || {};
    return words[key] === undefined ? key : words[key];
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function rowsTable(rows) {
    var table = el('table');
    rows.forEach(function (r) {
      var tr = el('tr');
      tr.appendChild(el('th', null, r[0]));
      tr.appendChild(el('td', null, r[1]));
      table.appendChild(tr);
    });
    return table;
  }
  function card(spec) {
    var box = el('div', 'kzgeo-card');
    if (spec.title) { box.appendChild(el('div', 'kzgeo-title', spec.title)); }
    if (spec.subtitle) { box.appendChild(el('div', 'kzgeo-sub', spec.subtitle)); }
    if (spec.rows && spec.rows.length) { box.appendChild(rowsTable(spec.rows)); }
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
    if (spec.details && spec.details.length) {
      var more = el('details', 'kzgeo-details');
      more.appendChild(el('summary', null, t('details')));
      more.appendChild(rowsTable(spec.details));
      box.appendChild(more);
    }
    return box;
  }
  function small(map) { return map.getContainer().clientWidth < SMALL; }
  // a popup that pans clear of the title box (and of the controls on the right)
  var Popup = L.Popup.extend({
    _updateLayout: function () {
      // never wider than the map (a phone is narrower than a card)
      if (this._map) { this.options.maxWidth = Math.min(380, this._map.getSize().x - 90); }
      return L.Popup.prototype._updateLayout.apply(this, arguments);
    },
    _adjustPan: function () {
      var map = this._map;
      if (map) {
        var top = 10, box = map.getContainer().getBoundingClientRect();
        var title = map.getContainer().querySelector('[data-kzgeo=title]');
        if (title) { top = title.getBoundingClientRect().bottom - box.top + 10; }
        this.options.autoPanPaddingTopLeft = L.point(10, top);
        this.options.autoPanPaddingBottomRight = L.point(10, small(map) ? 40 : 20);
      }
      return L.Popup.prototype._adjustPan.apply(this, arguments);
    }
  });
  function popup(options) { return new Popup(L.extend({maxWidth: 380}, options || {})); }
  // a tooltip kept inside the map: on a phone a card is wider than half the screen, so
  // Leaflet's left-or-right placement alone would put part of it off the edge
  var Tooltip = L.Tooltip.extend({
    _setPosition: function (pos) {
      L.Tooltip.prototype._setPosition.call(this, pos);
      var el = this._container, margin = 4, dx = 0, dy = 0;
      // measured on screen: the tooltip's CSS margins shift it from its Leaflet position
      var r = el.getBoundingClientRect(), box = this._map.getContainer().getBoundingClientRect();
      if (r.right > box.right - margin) { dx = box.right - margin - r.right; }
      if (r.left + dx < box.left + margin) { dx = box.left + margin - r.left; }
      if (r.bottom > box.bottom - margin) { dy = box.bottom - margin - r.bottom; }
      if (r.top + dy < box.top + margin) { dy = box.top + margin - r.top; }
      if (dx || dy) { L.DomUtil.setPosition(el, L.DomUtil.getPosition(el).add([dx, dy])); }
    }
  });
  function bind(layer, tip, pop) {
    if (tip) {
      layer.bindTooltip(new Tooltip({sticky: true}).setContent(function () { return card(tip); }));
    }
    if (pop) { layer.bindPopup(popup().setContent(function () { return card(pop); })); }
    if (tip && pop) {
      // a tap is a mouseover then a click: without this the hover card stays beside the open
      // card on a phone, cut off at the screen's edge; on a desktop it says what the card says
      var hide = function () { if (layer.isPopupOpen()) { layer.closeTooltip(); } };
      layer.on('popupopen tooltipopen', hide);
    }
  }
  // own panes, so a choropleth re-added on a layer switch stays below SEZs, cities and
  // facilities (one SVG per pane: paths of a lower pane never cover a higher one)
  var PANES = {kzgeoSez: 420, kzgeoCities: 430, kzgeoLabels: 440, kzgeoSites: 460};
  function panes(map) {
    Object.keys(PANES).forEach(function (name) {
      if (!map.getPane(name)) {
        var pane = map.createPane(name);
        pane.style.zIndex = String(PANES[name]);
        if (name === 'kzgeoLabels') { pane.style.pointerEvents = 'none'; }
      }
    });
    return map;
  }
  function legendRow(it) {
    var row = el('div', 'kzgeo-legend-row');
    var sw = el('span', 'kzgeo-swatch');
    sw.style.background = it.fill || 'transparent';
    sw.style.border = it.border || '1px solid #555';
    if (it.round) { sw.style.borderRadius = '50%'; }
    row.appendChild(sw);
    row.appendChild(el('span', null, it.label));
    return row;
  }
  function legend(spec) {
    var box = el('div', 'kzgeo-legend-body');
    box.appendChild(el('div', 'kzgeo-title', spec.title));
    if (spec.unit) { box.appendChild(el('div', 'kzgeo-sub', spec.unit)); }
    (spec.items || []).forEach(function (it) { box.appendChild(legendRow(it)); });
    if (spec.note) { box.appendChild(el('div', 'kzgeo-note', spec.note)); }
    return box;
  }
  // a control's button and body, the button opening and closing the body (closed at first on a
  // phone); clicks and wheel turns inside do not reach the map. Returns open(true or false).
  function toggled(map, div, button, body) {
    div.appendChild(button);
    div.appendChild(body);
    var open = function (yes) {
      body.style.display = yes ? '' : 'none';
      div.classList.toggle('kzgeo-open', yes);
      button.setAttribute('aria-expanded', String(yes));
    };
    open(!small(map));
    L.DomEvent.on(button, 'click', function () { open(body.style.display === 'none'); });
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    return open;
  }
  // the legend control: a button that opens and closes it (closed at first on a phone)
  function legendControl(map, spec) {
    var control = L.control({position: 'bottomright'});
    control.onAdd = function () {
      var div = el('div', 'kzgeo-legend');
      div.setAttribute('data-kzgeo', 'legend');
      var button = el('button', 'kzgeo-legend-toggle', t('legend'));
      button.type = 'button';
      var body = el('div', 'kzgeo-legend-content');
      Object.keys(spec.sections).forEach(function (layer, n) {
        var s = el('div', 'kzgeo-legend-section');
        s.setAttribute('data-layer', layer);
        s.style.display = n === 0 ? '' : 'none';
        s.appendChild(legend(spec.sections[layer]));
        body.appendChild(s);
      });
      spec.always.forEach(function (item) {
        var s = el('div', 'kzgeo-legend-section');
        s.appendChild(legend(item));
        body.appendChild(s);
      });
      toggled(map, div, button, body);
      return div;
    };
    control.addTo(map);
    // a long legend scrolls rather than run up over the layer control above it (a phone keeps
    // the style sheet's limit: its layer control is one button)
    function fit() {
      var div = control.getContainer(), above = map.getContainer().querySelector(
        '.leaflet-top.leaflet-right');
      if (small(map) || !above) { div.style.maxHeight = ''; return; }
      // 10 px of gap, and the 2 x 6 px padding max-height does not count
      var room = div.getBoundingClientRect().bottom - above.getBoundingClientRect().bottom - 22;
      div.style.maxHeight = Math.max(120, room) + 'px';
    }
    setTimeout(fit, 0);  // once the controls added after it (the layer control) are there
    map.on('resize kzgeolegend', fit);
    map.on('baselayerchange', function (e) {
      var nodes = map.getContainer().querySelectorAll('.kzgeo-legend-section[data-layer]');
      nodes.forEach(function (s) {
        s.style.display = s.getAttribute('data-layer') === e.name ? '' : 'none';
      });
    });
  }
  // the map's title and subtitle, as text
  function title(map, spec) {
    var control = L.control({position: 'topleft'});
    control.onAdd = function () {
      var div = el('div', 'kzgeo-map-title', spec.title);
      div.setAttribute('data-kzgeo', 'title');
      if (spec.subtitle) { div.appendChild(el('div', 'kzgeo-sub', spec.subtitle)); }
      return div;
    };
    control.addTo(map);
  }
  // the data credits, each added to the attribution control as text (it takes HTML)
  function credits(map, lines) {
    lines.forEach(function (c) {
      var span = document.createElement('span');
      span.textContent = c;
      map.attributionControl.addAttribution(span.outerHTML);
    });
  }
  // region labels (name and value, from a zoom on) and the city callouts (always): a circle
  // with area in proportion to the value, and its label; both follow the active choropleth
  function labels(map, spec) {
    panes(map);
    var active = spec.active, group = L.layerGroup().addTo(map), items = [];
    spec.labels.forEach(function (lab) {
      var left = lab.side === 'left';
      var box = el('div', 'kzgeo-label' + (lab.city ? ' kzgeo-city-label' : '') +
                   (left ? ' kzgeo-left' : ''));
      box.appendChild(el('div', 'kzgeo-label-name', lab.name));
      var value = el('div', 'kzgeo-label-value');
      box.appendChild(value);
      var icon = L.divIcon({html: box, className: 'kzgeo-label-icon',
                            iconSize: null, iconAnchor: lab.city ? [-4, 8] : [0, 0]});
      var marker = L.marker([lab.lat, lab.lon], {icon: icon, pane: 'kzgeoLabels',
                                                 interactive: false, keyboard: false});
      var circle = null;
      if (lab.city) {
        circle = L.circleMarker([lab.lat, lab.lon], {pane: 'kzgeoCities', color: '#111',
                                weight: 1.5, fillOpacity: 0.9, className: 'kzgeo-city'});
        if (lab.tip) { bind(circle, lab.tip, null); }
        group.addLayer(circle);
      }
      items.push({lab: lab, marker: marker, value: value, circle: circle});
    });
    function update() {
      var zoom = map.getZoom();
      items.forEach(function (it) {
        var now = it.filtered || it.lab, v = now.values[active];
        it.value.textContent = v || '';
        it.value.style.display = v ? '' : 'none';
        if (it.circle) {
          var r = now.r[active] || 0;
          it.circle.setRadius(r);
          it.circle.setStyle({fillColor: now.fill[active] || '#ccc', opacity: r ? 1 : 0,
                              fillOpacity: r ? 0.9 : 0});
          var dx = r + 3;
          it.marker.options.icon.options.iconAnchor = it.lab.side === 'left' ? [dx, -2] : [-dx, 8];
        }
        // a city with a value always shows its callout; other labels from minZoom on
        var shown = (it.lab.city && !!now.values[active]) || zoom >= spec.minZoom;
        if (shown && !group.hasLayer(it.marker)) { group.addLayer(it.marker); }
        if (!shown && group.hasLayer(it.marker)) { group.removeLayer(it.marker); }
        if (shown && it.lab.city) { it.marker.setIcon(it.marker.options.icon); }
      });
    }
    map.on('zoomend', update);
    map.on('baselayerchange', function (e) { active = e.name; update(); });
    // the filter panel: values, circles and cards of the filtered totals (null: as built)
    map.on('kzgeofilter', function (e) {
      items.forEach(function (it, i) {
        it.filtered = e.labels ? e.labels[i] : null;
        var tip = e.cards && e.cards[i] ? e.cards[i] : it.lab.tip;
        if (it.circle && tip) { it.circle.setTooltipContent(function () { return card(tip); }); }
      });
      update();
    });
    update();
    return group;
  }
  // the phone layout: collapsed attribution (tap to open); the rest is CSS and the controls
  function responsive(map) {
    var attribution = map.getContainer().querySelector('.leaflet-control-attribution');
    if (!attribution || !small(map)) { return; }
    attribution.classList.add('kzgeo-collapsed');
    L.DomEvent.on(attribution, 'click', function () {
      attribution.classList.toggle('kzgeo-collapsed');
    });
  }
  // many facilities: dots on one canvas, redrawn after each move; a click opens the card of
  // the nearest dot within 8 px
  var Dots = L.Layer.extend({
    initialize: function (d, palette) { this._d = d; this._palette = palette; this._keep = null; },
    // the filter panel: keep[i] says whether dot i is drawn (null: all)
    kzgeoKeep: function (keep) {
      this._keep = keep;
      if (this._map) { this._draw(); }
    },
    onAdd: function (map) {
      this._map = map;
      this._canvas = L.DomUtil.create('canvas', 'kzgeo-dots leaflet-zoom-hide');
      panes(map).getPane('kzgeoSites').appendChild(this._canvas);
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
          if (d.c[i] % this._palette.length !== c || (this._keep && !this._keep[i])) { continue; }
          var x = this._x[i], y = this._y[i];
          if (x < -10 || y < -10 || x > size.x + 10 || y > size.y + 10) { continue; }
          ctx.moveTo(x + radius, y);
          ctx.arc(x, y, radius, 0, 6.2832);
        }
        ctx.globalAlpha = 0.8;
        ctx.fill();
      }
      var kept = this._keep ? this._keep.reduce(function (a, b) { return a + b; }, 0) : n;
      this._canvas.setAttribute('data-drawn', String(kept));
    },
    _click: function (e) {
      var d = this._d, best = -1, bestD = 64, px = e.containerPoint.x, py = e.containerPoint.y;
      for (var i = 0; i < d.lat.length; i++) {
        if (this._keep && !this._keep[i]) { continue; }
        var dx = this._x[i] - px, dy = this._y[i] - py, dd = dx * dx + dy * dy;
        if (dd < bestD) { bestD = dd; best = i; }
      }
      if (best < 0) { return; }
      var inv = d.inv[best] === null ? '-' : t('bn_kzt').replace('{value}', d.inv[best].toFixed(3));
      popup().setLatLng([d.lat[best], d.lon[best]]).setContent(card({
        title: d.names[(d.co || d.c)[best]],  // co: the company when colour says the stage
        rows: [[t('site'), d.site[best]], [t('investment'), inv],
               [t('jobs'), d.jobs[best] === null ? '-' : d.jobs[best]],
               [t('precision'), d.labels[d.prec[best]]]]
      })).openOn(this._map);
    }
  });
  function dots(d, palette) { return new Dots(d, palette); }
  return {data: data, t: t, el: el, card: card, bind: bind, popup: popup, legend: legend,
          legendRow: legendRow,
          legendControl: legendControl, toggled: toggled, title: title, credits: credits,
          labels: labels, panes: panes, small: small, responsive: responsive, dots: dots};
})();

"""folium elements that put register text on the map as data, shown with ``textContent``.

folium's own ``Popup``/``Tooltip`` paste text into JavaScript template literals, where a company
called ``${alert(1)}`` or containing a backtick would run or break code; ``GeoJsonTooltip``
builds HTML from properties. kzgeo's elements instead carry every text as JSON
(:mod:`kzgeo.mapping.safe_json`) and a small helper (``window.kzgeo``) builds tooltips, popups,
legends and the title with DOM calls, so no register text is ever parsed as HTML. Links are kept
only when they start with ``http://`` or ``https://``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from branca.element import MacroElement
from folium.map import Layer
from folium.template import Template

from kzgeo.mapping.safe_json import compact_json, script_json

if TYPE_CHECKING:
    from collections.abc import Sequence

HELPER_JS = r"""
window.kzgeo = window.kzgeo || (function () {
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
      if (!/^https?:\/\//i.test(String(l[1]))) { return; }
      var a = el('a', 'kzgeo-link', l[0]);
      a.href = String(l[1]); a.target = '_blank'; a.rel = 'noopener noreferrer';
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
  return {el: el, card: card, bind: bind, legend: legend, dots: dots};
})();
"""

HELPER_CSS = """
.kzgeo-card { font: 12px/1.35 system-ui, sans-serif; max-width: 360px; }
.kzgeo-card .kzgeo-title { font-weight: 600; font-size: 13px; margin-bottom: 2px; }
.kzgeo-card .kzgeo-sub, .kzgeo-note { color: #555; font-size: 11px; }
.kzgeo-card table { border-collapse: collapse; margin-top: 4px; }
.kzgeo-card th { text-align: left; font-weight: 500; color: #444; padding: 1px 8px 1px 0;
  vertical-align: top; white-space: nowrap; }
.kzgeo-card td { padding: 1px 0; }
.kzgeo-link { display: block; margin-top: 3px; word-break: break-all; }
.kzgeo-legend, .kzgeo-map-title { background: rgba(255,255,255,0.92); padding: 6px 9px;
  border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,0.3); font: 12px system-ui, sans-serif; }
.kzgeo-map-title { font-size: 15px; font-weight: 600; max-width: 60vw; }
.kzgeo-map-title .kzgeo-sub { font-weight: 400; font-size: 11px; color: #555; }
.kzgeo-legend .kzgeo-title { font-weight: 600; }
.kzgeo-legend-row { display: flex; align-items: center; gap: 6px; margin: 2px 0; }
.kzgeo-swatch { display: inline-block; width: 14px; height: 12px; }
.kzgeo-legend-section + .kzgeo-legend-section { margin-top: 6px; border-top: 1px solid #ddd;
  padding-top: 4px; }
"""


class Helper(MacroElement):
    """Adds the ``window.kzgeo`` helper and kzgeo's CSS to the page head (once per map)."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
            <style>{{ this.css }}</style>
            <script>{{ this.js }}</script>
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        """Hold the helper code."""
        super().__init__()
        self._name = "KzgeoHelper"
        self.css = HELPER_CSS
        self.js = HELPER_JS


class SharedGeoJson(MacroElement):
    """A GeoJSON object declared once, used by several layers (e.g. two choropleths)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = {{ this.data }};
        {% endmacro %}
        """
    )

    def __init__(self, geojson: dict[str, Any]) -> None:
        """Serialise the GeoJSON safely for a script block."""
        super().__init__()
        self._name = "KzgeoData"
        self.data = compact_json(geojson)


class CardGeoJson(Layer):
    """A GeoJSON layer styled per feature, with tooltip and popup cards built from data.

    Each feature's ``properties.i`` indexes ``styles``, ``tips`` and ``popups``.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = (function () {
                var styles = {{ this.styles }};
                var tips = {{ this.tips }};
                var pops = {{ this.popups }};
                return L.geoJSON({{ this.data_name }}, {
                    className: {{ this.class_name }},
                    style: function (f) { return styles[f.properties.i]; },
                    onEachFeature: function (f, layer) {
                        kzgeo.bind(layer, tips[f.properties.i], pops[f.properties.i]);
                    }
                });
            })();
        {% endmacro %}
        """
    )

    def __init__(
        self,
        data: SharedGeoJson,
        *,
        name: str,
        class_name: str,
        styles: list[dict[str, Any]],
        tips: Sequence[dict[str, Any] | None],
        popups: Sequence[dict[str, Any] | None],
        overlay: bool,
        show: bool,
    ) -> None:
        """Keep the per-feature styles and cards as safe JSON."""
        super().__init__(name=name, overlay=overlay, show=show)
        self._name = "KzgeoLayer"
        self.data_name = data.get_name()
        self.class_name = script_json(class_name)
        self.styles = script_json(styles)
        self.tips = script_json(tips)
        self.popups = script_json(popups)


class SiteMarkers(Layer):
    """Facility markers: SVG circles with cards, or one canvas of dots for many facilities.

    Up to ``kzgeo.options.canvas_markers_threshold`` facilities each is a Leaflet circle marker
    with its tooltip and popup card. Above it, creating a Leaflet layer per facility is what
    makes large maps slow (10,000 markers: tens of seconds), so the facilities are drawn as dots
    on one canvas that is redrawn after each move, and a click opens the card of the nearest dot
    within 8 pixels (a linear scan over the projected points, about a millisecond for 100,000).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = (function () {
                var d = {{ this.data }};
                var palette = {{ this.palette }};
                if ({{ this.dense }}) { return kzgeo.dots(d, palette); }
                var group = L.featureGroup();
                for (var i = 0; i < d.lat.length; i++) {
                    var m = L.circleMarker([d.lat[i], d.lon[i]], {
                        radius: d.r[i], color: '#222', weight: 1, fillOpacity: 0.85,
                        fillColor: palette[d.c[i] % palette.length], className: 'kzgeo-site'
                    });
                    kzgeo.bind(m, d.tips[i], d.cards[i]);
                    group.addLayer(m);
                }
                return group;
            })();
        {% endmacro %}
        """
    )

    def __init__(
        self,
        data: dict[str, Any],
        *,
        palette: list[str],
        dense: bool,
        name: str = "Facilities",
        show: bool = True,
    ) -> None:
        """Keep the marker data as compact safe JSON."""
        super().__init__(name=name, overlay=True, show=show)
        self._name = "KzgeoSites"
        self.data = compact_json(data)
        self.palette = script_json(palette)
        self.dense = "true" if dense else "false"


class Legend(MacroElement):
    """A legend control whose section follows the active base layer (choropleth)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            (function () {
                var map = {{ this._parent.get_name() }};
                var sections = {{ this.sections }};
                var always = {{ this.always }};
                var control = L.control({position: 'bottomright'});
                control.onAdd = function () {
                    var div = kzgeo.el('div', 'kzgeo-legend');
                    div.setAttribute('data-kzgeo', 'legend');
                    Object.keys(sections).forEach(function (layer, n) {
                        var s = kzgeo.el('div', 'kzgeo-legend-section');
                        s.setAttribute('data-layer', layer);
                        s.style.display = n === 0 ? '' : 'none';
                        s.appendChild(kzgeo.legend(sections[layer]));
                        div.appendChild(s);
                    });
                    always.forEach(function (spec) {
                        var s = kzgeo.el('div', 'kzgeo-legend-section');
                        s.appendChild(kzgeo.legend(spec));
                        div.appendChild(s);
                    });
                    L.DomEvent.disableClickPropagation(div);
                    return div;
                };
                control.addTo(map);
                map.on('baselayerchange', function (e) {
                    var nodes = document.querySelectorAll('.kzgeo-legend-section[data-layer]');
                    nodes.forEach(function (s) {
                        s.style.display = s.getAttribute('data-layer') === e.name ? '' : 'none';
                    });
                });
            })();
        {% endmacro %}
        """
    )

    def __init__(self, sections: dict[str, dict[str, Any]], always: list[dict[str, Any]]) -> None:
        """Keep the legend specs as safe JSON."""
        super().__init__()
        self._name = "KzgeoLegend"
        self.sections = script_json(sections)
        self.always = script_json(always)


class Title(MacroElement):
    """The map's title and subtitle, as a control, set with ``textContent``."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            (function () {
                var spec = {{ this.spec }};
                var control = L.control({position: 'topleft'});
                control.onAdd = function () {
                    var div = kzgeo.el('div', 'kzgeo-map-title', spec.title);
                    div.setAttribute('data-kzgeo', 'title');
                    if (spec.subtitle) { div.appendChild(kzgeo.el('div', 'kzgeo-sub',
                                                                  spec.subtitle)); }
                    return div;
                };
                control.addTo({{ this._parent.get_name() }});
            })();
        {% endmacro %}
        """
    )

    def __init__(self, title: str, subtitle: str = "") -> None:
        """Keep the title as safe JSON."""
        super().__init__()
        self._name = "KzgeoTitle"
        self.spec = script_json({"title": title, "subtitle": subtitle})


class Attribution(MacroElement):
    """Adds kzgeo's data credits to the map's attribution control (plain text)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            (function () {
                var credits = {{ this.credits }};
                var control = {{ this._parent.get_name() }}.attributionControl;
                credits.forEach(function (c) {
                    var span = document.createElement('span');
                    span.textContent = c;
                    control.addAttribution(span.outerHTML);
                });
            })();
        {% endmacro %}
        """
    )

    def __init__(self, lines: list[str]) -> None:
        """Keep the credits as safe JSON."""
        super().__init__()
        self._name = "KzgeoAttribution"
        self.credits = script_json(lines)

"""The folium elements that put register text on the map as data, shown with ``textContent``.

folium's own ``Popup``/``Tooltip`` paste text into JavaScript template literals and
``GeoJsonTooltip`` builds HTML from properties; worse, branca renders every element's output a
second time as a Jinja template, so text in a template can run code. kzgeo's elements put no
input text in their templates: each keeps its data in a JSON island (:mod:`kzgeo.mapping.page`)
that its script reads with ``kzgeo.data(name)``, and the page helper (``web/kzgeo.js``) builds
tooltips, popups, legends and the title with DOM calls, so no input text is ever parsed as a
template or as HTML. Links are followed only when they are ``http://`` or ``https://``
addresses; any other is shown as text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from branca.element import MacroElement
from folium.map import Layer, LayerControl
from folium.template import Template

from kzgeo.mapping.page import DataElement

if TYPE_CHECKING:
    from collections.abc import Sequence


class SharedGeoJson(DataElement, MacroElement):
    """A GeoJSON object declared once, used by several layers (e.g. two choropleths).

    Parameters
    ----------
    geojson
        A GeoJSON FeatureCollection (WGS 84) whose features carry ``properties.i``, the
        position :class:`CardGeoJson` reads their styles and cards at.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = kzgeo.data("{{ this.get_name() }}");
        {% endmacro %}
        """
    )

    def __init__(self, geojson: dict[str, Any]) -> None:
        """Keep the GeoJSON as the element's data island."""
        super().__init__()
        self._name = "KzgeoData"
        self.set_data(geojson)


class FeatureCards(NamedTuple):
    """What a :class:`CardGeoJson` shows of each feature, indexed by its ``properties.i``.

    Attributes
    ----------
    styles
        Leaflet path options, one a feature.
    tips
        Tooltip card data (:mod:`kzgeo.mapping.cards`), one a feature; None for a feature
        without one.
    popups
        Popup card data, one a feature; None for a feature without one.
    """

    styles: list[dict[str, Any]]
    tips: Sequence[dict[str, Any] | None]
    popups: Sequence[dict[str, Any] | None]


class CardGeoJson(DataElement, Layer):
    """A GeoJSON layer styled per feature, with tooltip and popup cards built from data.

    Each feature's ``properties.i`` indexes the styles, tips and popups of ``features``.

    Parameters
    ----------
    data
        The shared GeoJSON the layer draws.
    name
        The layer's name in the layer control (a kzgeo UI string).
    features
        The style, tooltip and popup of each feature.
    class_name
        CSS class of the layer's paths.
    overlay
        True for an overlay (a checkbox in the layer control), False for a base layer (a
        radio button: one choropleth at a time).
    show
        Whether the layer is on when the page opens.
    pane
        The Leaflet pane the layer is drawn in (default ``"overlayPane"``).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = (function () {
                var d = kzgeo.data("{{ this.get_name() }}");
                kzgeo.panes({{ this._parent.get_name() }});
                return L.geoJSON({{ this.data_name }}, {
                    className: d.className, pane: d.pane,
                    style: function (f) { return d.styles[f.properties.i]; },
                    onEachFeature: function (f, layer) {
                        var i = f.properties.i;
                        // what the filter panel puts back when no filter is set
                        layer.kzgeoCard = {tip: d.tips[i], style: d.styles[i]};
                        kzgeo.bind(layer, d.tips[i], d.popups[i]);
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
        features: FeatureCards,
        class_name: str,
        overlay: bool,
        show: bool,
        pane: str = "overlayPane",
    ) -> None:
        """Keep the per-feature styles and cards as the element's data island."""
        super().__init__(name=name, overlay=overlay, show=show)
        self._name = "KzgeoLayer"
        self.data_name = data.get_name()
        self.set_data(
            {
                "className": class_name,
                "pane": pane,
                "styles": features.styles,
                "tips": list(features.tips),
                "popups": list(features.popups),
            }
        )


class SiteMarkers(DataElement, Layer):
    """Facility markers: SVG circles with cards, or one canvas of dots for many facilities.

    Up to ``kzgeo.options.canvas_markers_threshold`` facilities each is a Leaflet circle marker
    with its tooltip and popup card. Above it, creating a Leaflet layer per facility is what
    makes large maps slow (``benchmarks/README.md``, Maps), so the facilities are drawn as dots
    on one canvas that is redrawn after each move, and a click opens the card of the nearest dot
    within 8 pixels (a linear scan over the projected points, quick even for 100,000).
    Both sit in their own pane above the choropleths (``kzgeo.panes``), so switching the
    choropleth never draws regions over them. ``data["s"]`` indexes ``styles``: how a marker
    shows that its figure is reported, estimated or derived, or that it carries 0 %.

    Parameters
    ----------
    data
        Columns of the markers, one value a facility: ``lat``, ``lon``, ``r`` (radius, px),
        ``c`` (colour, a position in ``palette``), ``s`` (a position in ``styles``), and the
        card data (``tips`` and ``cards``, or compact columns for the canvas dots).
    palette
        Marker colours (CSS), indexed by ``data["c"]``.
    dense
        True to draw dots on one canvas (many facilities), False for a circle marker each.
    styles
        Path options over the base marker style
        (:func:`kzgeo.mapping.interactive.marker_styles`); None means one plain style.
    name
        The layer's name in the layer control (default ``"Facilities"``).
    show
        Whether the markers are on when the page opens (default True).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = (function () {
                var spec = kzgeo.data("{{ this.get_name() }}");
                var d = spec.data, palette = spec.palette;
                kzgeo.panes({{ this._parent.get_name() }});
                if (spec.dense) { return kzgeo.dots(d, palette); }
                var group = L.featureGroup(), markers = [];
                // the filter panel: keep[i] says whether marker i is shown (null: all)
                group.kzgeoKeep = function (keep) {
                    markers.forEach(function (m, i) {
                        var shown = !keep || !!keep[i];
                        if (shown && !group.hasLayer(m)) { group.addLayer(m); }
                        if (!shown && group.hasLayer(m)) { group.removeLayer(m); }
                    });
                };
                for (var i = 0; i < d.lat.length; i++) {
                    var colour = palette[d.c[i] % palette.length];
                    var m = L.circleMarker([d.lat[i], d.lon[i]], L.extend({
                        radius: d.r[i], color: '#222', weight: 1, fillOpacity: 0.85,
                        fillColor: colour, pane: 'kzgeoSites', className: 'kzgeo-site'
                    }, spec.styles[d.s[i]], spec.styles[d.s[i]].stroke ? {color: colour} : {}));
                    kzgeo.bind(m, d.tips[i], d.cards[i]);
                    group.addLayer(m);
                    markers.push(m);
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
        styles: list[dict[str, Any]] | None = None,
        name: str = "Facilities",
        show: bool = True,
    ) -> None:
        """Keep the marker data as the element's data island."""
        super().__init__(name=name, overlay=True, show=show)
        self._name = "KzgeoSites"
        self.set_data({"data": data, "palette": palette, "dense": dense, "styles": styles or [{}]})


class FilterPanel(DataElement, MacroElement):
    """The sector / stage / year filter panel (``kzgeo.filters`` in ``web/filters.js``).

    Its data island is :func:`kzgeo.mapping.filters.filter_spec`; its template names only the
    page's own layer variables (the choropleths, in the order of the spec's layers, and the
    facility markers), never input text.

    Parameters
    ----------
    spec
        The panel's groups and each layer's figures (:func:`kzgeo.mapping.filters.filter_spec`).
    regions
        The choropleth layers, in the order of the spec's layers.
    sites
        The facility markers, or None when the map has none.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = kzgeo.filters({{ this._parent.get_name() }},
                kzgeo.data("{{ this.get_name() }}"),
                [{{ this.region_names | join(", ") }}], {{ this.sites_name }});
        {% endmacro %}
        """
    )

    def __init__(
        self, spec: dict[str, Any], *, regions: Sequence[Layer], sites: Layer | None
    ) -> None:
        """Keep the spec as the element's data island and the layers' variable names."""
        super().__init__()
        self._name = "KzgeoFilters"
        self.region_names = [layer.get_name() for layer in regions]
        self.sites_name = sites.get_name() if sites is not None else "null"
        self.set_data(spec)


class _HelperCall(DataElement, MacroElement):
    """An element whose script is one call of the page helper: ``kzgeo.<call>(map, data)``.

    ``call`` is a name of ``web/kzgeo.js`` fixed by the subclass, never input text.

    Parameters
    ----------
    name
        The element's name (its island's id starts with it).
    data
        The island: anything :func:`json.dumps` accepts.
    """

    call = ""
    _template = Template(
        """
        {% macro script(this, kwargs) %}
            kzgeo.{{ this.call }}({{ this._parent.get_name() }},
                                  kzgeo.data("{{ this.get_name() }}"));
        {% endmacro %}
        """
    )

    def __init__(self, name: str, data: Any) -> None:
        """Name the element and keep ``data`` as its island."""
        super().__init__()
        self._name = name
        self.set_data(data)


class Legend(_HelperCall):
    """A legend control whose section follows the active base layer (choropleth).

    It opens and closes with a button, and starts closed on a phone (``kzgeo.legendControl``).

    Parameters
    ----------
    sections
        One legend section per choropleth layer name (``title``, ``unit``, ``items``,
        ``note``); the section of the active layer is shown.
    always
        Sections shown whatever the layer (facilities, city circles), in that order.
    """

    call = "legendControl"

    def __init__(self, sections: dict[str, dict[str, Any]], always: list[dict[str, Any]]) -> None:
        """Keep the legend specs as the element's data island."""
        super().__init__("KzgeoLegend", {"sections": sections, "always": always})


class Title(_HelperCall):
    """The map's title and subtitle, as a control, set with ``textContent``.

    Parameters
    ----------
    title
        The title, shown as plain text.
    subtitle
        A second line under it; ``""`` (default) for none.
    """

    call = "title"

    def __init__(self, title: str, subtitle: str = "") -> None:
        """Keep the title as the element's data island."""
        super().__init__("KzgeoTitle", {"title": title, "subtitle": subtitle})


class Attribution(_HelperCall):
    """Adds kzgeo's data credits to the map's attribution control (plain text).

    Parameters
    ----------
    lines
        The credits, one a data source, each shown as text.
    """

    call = "credits"

    def __init__(self, lines: list[str]) -> None:
        """Keep the credits as the element's data island."""
        super().__init__("KzgeoAttribution", lines)


class Words(DataElement, MacroElement):
    """The page's UI strings in its language, read by ``kzgeo.t(key)`` (island ``kzgeo_words``).

    Parameters
    ----------
    words
        The strings the page helper shows itself, by key, in the page's language.
    """

    _template = Template("")

    def __init__(self, words: dict[str, str]) -> None:
        """Keep the strings as the page's words island."""
        super().__init__()
        self.set_data(words)

    def get_name(self) -> str:
        """Return the fixed island id the page helper looks for.

        Returns
        -------
        str
            ``"kzgeo_words"``, whatever the element's own name.
        """
        return "kzgeo_words"


class RegionLabels(_HelperCall):
    """Region names and values (from ``minZoom`` on) and the city callouts (always shown).

    Each label: ``lat``, ``lon``, ``name``, ``city`` (a city of republican significance: drawn
    as a circle whose area is in proportion to the value), and per choropleth layer name its
    ``values`` (text), ``r`` (circle radius, px) and ``fill`` (class colour).

    Parameters
    ----------
    labels
        The labels, as above.
    active
        The name of the choropleth layer shown first, whose values the labels show.
    min_zoom
        The zoom level from which region labels are shown.
    """

    call = "labels"

    def __init__(self, labels: list[dict[str, Any]], *, active: str, min_zoom: int) -> None:
        """Keep the labels as the element's data island."""
        super().__init__("KzgeoLabels", {"labels": labels, "active": active, "minZoom": min_zoom})


class ResponsiveLayerControl(LayerControl):
    """Folium's layer control, collapsed on a phone; also starts the phone layout.

    The layer names are kzgeo's own UI strings (never input text).
    """

    _template = Template(
        """
        {% macro script(this,kwargs) %}
            var {{ this.get_name() }}_layers = {
                base_layers : {
                    {%- for key, val in this.base_layers.items() %}
                    {{ key|tojson }} : {{val}},
                    {%- endfor %}
                },
                overlays :  {
                    {%- for key, val in this.overlays.items() %}
                    {{ key|tojson }} : {{val}},
                    {%- endfor %}
                },
            };
            var {{ this.get_name() }} = L.control.layers(
                {{ this.get_name() }}_layers.base_layers,
                {{ this.get_name() }}_layers.overlays,
                L.extend({{ this.options|tojavascript }},
                         {collapsed: kzgeo.small({{ this._parent.get_name() }})})
            ).addTo({{ this._parent.get_name() }});
            kzgeo.responsive({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

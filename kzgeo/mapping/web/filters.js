// The map's filter panel (kzgeo.filters): sector, stage and year of the projects, applied in
// the page without a rebuild. Markers of other projects are hidden; every region is re-totalled
// from the kept sites' allocated shares and re-coloured with the classes the legend shows; the
// region cards, labels and city circles show the filtered totals. With no filter set, the
// page's own (Python) styles, cards and labels are put back as they were.
// Every text reaches the screen through textContent (kzgeo.el), never as HTML.
(function (kzgeo) {
  var CITY_MAX_RADIUS = 22;  // px, as kzgeo.mapping.interactive draws the city circles

  function fill(template, fields) {
    return String(template).replace(/\{(\w+)\}/g, function (m, key) {
      return fields[key] === undefined ? m : String(fields[key]);
    });
  }
  function grouped(v, digits) {
    var parts = Math.abs(v).toFixed(digits).split('.');
    parts[0] = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    return (v < 0 ? '-' : '') + parts.join('.');
  }
  function formats(words) {
    return {
      kzt: function (v) {
        if (isNaN(v)) { return '-'; }
        return Math.abs(v) >= 1e8 ? fill(words.bn_kzt, {value: grouped(v / 1e9, 1)})
                                  : fill(words.m_kzt, {value: grouped(v / 1e6, 1)});
      },
      usd: function (v) {
        return isNaN(v) ? '-' : fill(words.m_usd, {value: grouped(v / 1e6, 1)});
      },
      count: function (v) { return isNaN(v) ? '-' : grouped(v, Number.isInteger(v) ? 0 : 1); }
    };
  }

  // the sum pandas' group-by uses (Kahan's, in the sites' order, NaN skipped): with no filter
  // the totals are the region layer's to the last bit
  function Sum(n) {
    this.s = new Float64Array(n); this.c = new Float64Array(n); this.n = new Int32Array(n);
  }
  Sum.prototype.add = function (r, v) {
    var y = v - this.c[r], t = this.s[r] + y;
    this.c[r] = t - this.s[r] - y;
    if (this.c[r] !== this.c[r]) { this.c[r] = 0; }  // an infinite value: keep it, not NaN
    this.s[r] = t; this.n[r] += 1;
  };

  // per region: kept sites and projects, each figure's total and the weakest flag behind it
  function totals(spec, keep, n) {
    var c = spec.counted, out = {sites: new Int32Array(n), projects: new Int32Array(n),
                                 values: {}, flags: {}};
    var sums = {}, seen = {};
    spec.figures.forEach(function (f) {
      sums[f.figure] = new Sum(n); out.flags[f.figure] = new Int8Array(n);
    });
    for (var i = 0; i < c.region.length; i++) {
      var p = c.project[i], r = c.region[i];
      if (!keep[p]) { continue; }
      out.sites[r] += 1;
      if (!seen[r + ':' + p]) { seen[r + ':' + p] = true; out.projects[r] += 1; }
      for (var j = 0; j < spec.figures.length; j++) {
        var fig = spec.figures[j].figure, v = c.values[fig][i];
        if (v === null) { continue; }
        sums[fig].add(r, v);
        if (v > 0) { out.flags[fig][r] = Math.max(out.flags[fig][r], c.flags[fig][i]); }
      }
    }
    spec.figures.forEach(function (f) {
      var s = sums[f.figure], values = new Float64Array(n);
      for (var r = 0; r < n; r++) {
        // no project kept: 0; projects that all lack the figure: unknown
        values[r] = !out.sites[r] ? 0 : (s.n[r] ? s.s[r] : NaN);
      }
      out.values[f.figure] = values;
    });
    return out;
  }

  function classOf(bounds, v) {  // numpy's searchsorted(bounds, v, 'left'), capped
    for (var i = 0; i < bounds.length; i++) { if (bounds[i] >= v) { return i; } }
    return bounds.length - 1;
  }
  // a style that also clears what an earlier one set (setStyle merges)
  function clean(style) { return L.extend({dashArray: null, lineCap: 'round'}, style); }
  function regionStyle(layer, t, r, outlines) {
    if (!t.sites[r]) { return clean(layer.none); }
    var v = t.values[layer.figure][r];
    if (isNaN(v) || !layer.bounds.length) { return clean(layer.unknown); }
    var flag = t.flags[layer.figure][r];
    var outline = flag === 2 ? outlines.estimated : flag === 1 ? outlines.derived : {};
    return clean(L.extend({}, layer.styles[classOf(layer.bounds, v / layer.scale)], outline));
  }

  function figureRows(spec, t, r, fmt) {
    var rows = [], names = spec.figures.map(function (f) { return f.figure; });
    spec.figures.forEach(function (f) {
      var v = t.values[f.figure][r];
      if (f.figure === 'investment_usd' && names.indexOf('investment_kzt') >= 0) { return; }
      if (f.figure === 'investment_kzt') {
        var usd = names.indexOf('investment_usd') >= 0 ? t.values.investment_usd[r] : NaN;
        rows.push([f.label, fmt.kzt(v) + (isNaN(usd) ? '' : ' (' + fmt.usd(usd) + ')')]);
      } else if (!isNaN(v) || f.figure === 'jobs') {
        var shown = f.figure === 'investment_usd' ? fmt.usd(v) : fmt.count(v);
        rows.push([f.label, shown + (f.unit && !isNaN(v) ? ' ' + f.unit : '')]);
      }
    });
    return rows;
  }
  // a region's card under the filter: its name, the filtered totals, what the filter keeps
  function filteredCard(spec, base, t, all, r, fmt) {
    var w = spec.words, card = {title: base.title, subtitle: base.subtitle};
    if (!t.sites[r]) {
      card.rows = [[w.filter_title, w.filter_none_here]];
      return card;
    }
    card.rows = figureRows(spec, t, r, fmt);
    card.rows.push([w.projects_sites, t.projects[r] + ' / ' + t.sites[r]]);
    card.note = fill(w.filter_card_note, {n: t.projects[r], m: all.projects[r]});
    return card;
  }
  // what the region labels and city circles show, per layer name
  function labelValues(spec, t, r, styles) {
    var out = {values: {}, r: {}, fill: {}};
    spec.layers.forEach(function (layer, k) {
      var v = t.values[layer.figure][r] / layer.scale, known = t.sites[r] > 0 && !isNaN(v);
      out.values[layer.name] = known ? fill(layer.label, {value: grouped(v, layer.digits)}) : '';
      var radius = CITY_MAX_RADIUS * Math.sqrt(v / layer.top);
      out.r[layer.name] = known ? Math.round(radius * 10) / 10 : 0;
      out.fill[layer.name] = styles[k][r].fillColor;
    });
    return out;
  }

  function narrowed(spec, state) {  // a year range narrower than the years given
    return state.from !== null && (state.from !== spec.years[0] ||
                                   state.to !== spec.years[spec.years.length - 1]);
  }
  function isActive(spec, state) {
    return state.sectors.length > 0 || state.stages.length > 0 || narrowed(spec, state);
  }
  function keepMask(spec, state) {
    var n = spec.stage.length, keep = new Uint8Array(n), years = narrowed(spec, state);
    for (var p = 0; p < n; p++) {
      var ok = !state.sectors.length || spec.sector[p].some(function (o) {
        return state.sectors.indexOf(o) >= 0;
      });
      ok = ok && (!state.stages.length || state.stages.indexOf(spec.stage[p]) >= 0);
      if (ok && years) {
        var y = spec.year[p];
        ok = y !== null && y >= state.from && y <= state.to;
      }
      keep[p] = ok ? 1 : 0;
    }
    return keep;
  }
  function counts(spec, kind) {
    var out = [];
    spec[kind === 'sector' ? 'sectors' : 'stages'].forEach(function () { out.push(0); });
    spec[kind].forEach(function (v) {
      (kind === 'sector' ? v : [v]).forEach(function (o) { out[o] += 1; });
    });
    return out;
  }

  // open at first only where it leaves the country in view: on a phone, and on a screen too
  // narrow for the panel beside Kazakhstan's west end (1280 px), it opens with its button
  function coversCountry(map, div, country) {
    if (!country) { return false; }
    var west = map.latLngToContainerPoint([(country[0][0] + country[1][0]) / 2, country[0][1]]);
    var box = div.getBoundingClientRect(), origin = map.getContainer().getBoundingClientRect();
    return box.right - origin.left > west.x;
  }

  // the panel: a button that opens and closes it (closed at first on a phone), ticked lists of
  // sectors and stages, two ends of a year range, a status line and a clear button
  function group(title) {
    var box = kzgeo.el('fieldset', 'kzgeo-filter-group');
    box.appendChild(kzgeo.el('legend', null, title));
    return box;
  }
  function checks(name, title, options, n) {
    var box = group(title), list = kzgeo.el('div', 'kzgeo-filter-list kzgeo-filter-' + name);
    options.forEach(function (o, i) {
      var label = kzgeo.el('label', 'kzgeo-filter-option');
      var input = kzgeo.el('input');
      input.type = 'checkbox'; input.name = name; input.value = String(i);
      input.disabled = !n[i];
      label.appendChild(input);
      label.appendChild(kzgeo.el('span', null, o.label));
      label.appendChild(kzgeo.el('span', 'kzgeo-filter-count', '(' + n[i] + ')'));
      list.appendChild(label);
    });
    box.appendChild(list);
    return box;
  }
  function yearSelect(name, label, years, value) {
    var wrap = kzgeo.el('label', 'kzgeo-filter-year', label + ' ');
    var select = kzgeo.el('select');
    select.name = name;
    years.forEach(function (y) {
      var o = kzgeo.el('option', null, y);
      o.value = String(y);
      o.defaultSelected = y === value;  // what the clear button (form reset) goes back to
      select.appendChild(o);
    });
    wrap.appendChild(select);
    return wrap;
  }
  function form(spec) {
    var w = spec.words, f = kzgeo.el('form', 'kzgeo-filter-content');
    f.addEventListener('submit', function (e) { e.preventDefault(); });
    f.appendChild(kzgeo.el('div', 'kzgeo-filter-hint', w.filter_any));
    if (spec.parts.indexOf('sector') >= 0) {
      f.appendChild(checks('sector', w.filter_sector, spec.sectors, counts(spec, 'sector')));
    }
    if (spec.parts.indexOf('stage') >= 0) {
      f.appendChild(checks('stage', w.filter_stage, spec.stages, counts(spec, 'stage')));
    }
    if (spec.parts.indexOf('year') >= 0 && spec.years.length) {
      var box = group(w.filter_year), ends = kzgeo.el('div', 'kzgeo-filter-years');
      var last = spec.years[spec.years.length - 1];
      ends.appendChild(yearSelect('from', w.filter_from, spec.years, spec.years[0]));
      ends.appendChild(yearSelect('to', w.filter_to, spec.years, last));
      box.appendChild(ends);
      f.appendChild(box);
    }
    var status = kzgeo.el('div', 'kzgeo-filter-status');
    status.setAttribute('role', 'status');
    f.appendChild(status);
    var clear = kzgeo.el('button', 'kzgeo-filter-clear', w.filter_clear);
    clear.type = 'button';
    f.appendChild(clear);
    return f;
  }
  function readState(f, spec) {
    function ticked(name) {
      return Array.prototype.filter.call(f.querySelectorAll('input[name=' + name + ']'),
        function (i) { return i.checked; }).map(function (i) { return +i.value; });
    }
    var from = f.querySelector('select[name=from]'), to = f.querySelector('select[name=to]');
    var state = {sectors: ticked('sector'), stages: ticked('stage'), from: null, to: null};
    if (from && to) {
      state.from = +from.value; state.to = +to.value;
      if (state.from > state.to) { state.to = state.from; to.value = from.value; }
    }
    return state;
  }
  function panel(map, spec, onChange) {
    var control = L.control({position: 'topleft'});
    control.onAdd = function () {
      var div = kzgeo.el('div', 'kzgeo-filter');
      div.setAttribute('data-kzgeo', 'filter');
      var button = kzgeo.el('button', 'kzgeo-filter-toggle', spec.words.filter_title);
      button.type = 'button';
      var f = form(spec);
      f.id = 'kzgeo-filter-' + L.stamp(control);
      button.setAttribute('aria-controls', f.id);
      control.open = kzgeo.toggled(map, div, button, f);
      f.addEventListener('change', function () { onChange(readState(f, spec)); });
      f.querySelector('.kzgeo-filter-clear').addEventListener('click', function () {
        f.reset();
        onChange(readState(f, spec));
      });
      return div;
    };
    control.addTo(map);
    // the panel scrolls rather than run down under the minimap and the scale bar
    function fit() {
      var div = control.getContainer(), below = map.getContainer().querySelector(
        '.leaflet-bottom.leaflet-left');
      var bottom = below && below.getBoundingClientRect().height ?
        below.getBoundingClientRect().top : map.getContainer().getBoundingClientRect().bottom;
      div.style.maxHeight = Math.max(120, bottom - div.getBoundingClientRect().top - 10) + 'px';
    }
    setTimeout(function () {  // once the controls added after it (the minimap) are there
      fit();
      if (coversCountry(map, control.getContainer(), spec.country)) { control.open(false); }
    }, 0);
    map.on('resize', fit);
    return control.getContainer();
  }

  // the status line in the panel and the note at the top of the legend
  function report(map, box, spec, keep, state) {
    var on = isActive(spec, state), kept = 0, noYear = 0, w = spec.words;
    for (var p = 0; p < keep.length; p++) {
      kept += keep[p];
      if (spec.year[p] === null) { noYear += 1; }
    }
    var words = on ? fill(w.filter_active, {n: kept, m: keep.length}) : '';
    box.querySelector('.kzgeo-filter-toggle').textContent =
      w.filter_title + (on ? ' · ' + kept + ' / ' + keep.length : '');
    var status = box.querySelector('.kzgeo-filter-status');
    status.textContent = words;
    if (narrowed(spec, state) && noYear) {
      status.appendChild(kzgeo.el('div', 'kzgeo-note', fill(w.filter_no_year, {n: noYear})));
    }
    var legend = map.getContainer().querySelector('[data-kzgeo=legend] .kzgeo-legend-content');
    if (legend) {
      var note = legend.querySelector('.kzgeo-filter-note');
      if (!note) {
        note = kzgeo.el('div', 'kzgeo-filter-note');
        legend.insertBefore(note, legend.firstChild);
      }
      note.textContent = words;
      note.style.display = on ? '' : 'none';
      map.fire('kzgeolegend');  // it grew or shrank: keep it clear of the layer control
    }
  }

  var NONE = {sectors: [], stages: [], from: null, to: null};  // no filter set
  function layerStyles(spec, t) {  // per choropleth, the style of each region
    return spec.layers.map(function (layer) {
      var out = [];
      for (var r = 0; r < spec.regions; r++) { out.push(regionStyle(layer, t, r, spec.outlines)); }
      return out;
    });
  }
  // the region paths and their cards: filtered ones, or (no filter) the page's own again
  function recolour(spec, regionLayers, t, all, on) {
    var styles = layerStyles(spec, t), cards = [], fmt = formats(spec.words);
    regionLayers.forEach(function (layer, k) {
      layer.eachLayer(function (l) {
        var r = l.feature.properties.i, base = l.kzgeoCard;
        var card = on ? filteredCard(spec, base.tip, t, all, r, fmt) : base.tip;
        cards[r] = on ? card : null;
        l.setStyle(on ? styles[k][r] : clean(base.style));
        l.setTooltipContent(function () { return kzgeo.card(card); });
      });
    });
    var labels = null;
    if (on) {
      labels = [];
      for (var r = 0; r < spec.regions; r++) { labels.push(labelValues(spec, t, r, styles)); }
    }
    return {labels: labels, cards: cards};
  }

  // a region whose kept projects all lack the figure is drawn "not given": the legend gets that
  // swatch while one is on the map, where the built page had none
  function legendGaps(map, spec, t) {
    var sections = map.getContainer().querySelectorAll('.kzgeo-legend-section[data-layer]');
    spec.layers.forEach(function (layer) {
      var gap = false;
      for (var r = 0; r < spec.regions; r++) {
        gap = gap || (t.sites[r] > 0 && isNaN(t.values[layer.figure][r]));
      }
      Array.prototype.forEach.call(sections, function (section) {
        if (section.getAttribute('data-layer') !== layer.name || layer.gapShown) { return; }
        var row = section.querySelector('.kzgeo-filter-gap');
        if (!row && gap) {
          row = kzgeo.legendRow(layer.gap);
          row.classList.add('kzgeo-filter-gap');
          var body = section.querySelector('.kzgeo-legend-body');
          body.insertBefore(row, body.querySelector('.kzgeo-note'));  // above the classes note
        }
        if (row) { row.style.display = gap ? '' : 'none'; }
      });
    });
  }

  kzgeo.filters = function (map, spec, regionLayers, sites) {
    var everything = new Uint8Array(spec.stage.length).fill(1);
    var all = totals(spec, everything, spec.regions), box = null;
    function keepFor(state) { return isActive(spec, state) ? keepMask(spec, state) : everything; }
    function totalsFor(state) { return totals(spec, keepFor(state || NONE), spec.regions); }
    function apply(state) {
      state = state || NONE;
      var on = isActive(spec, state), keep = keepFor(state), t = totalsFor(state);
      map.fire('kzgeofilter', recolour(spec, regionLayers, t, all, on));  // labels, cities
      legendGaps(map, spec, t);
      if (sites && sites.kzgeoKeep) {
        sites.kzgeoKeep(on ? spec.markers.map(function (p) { return keep[p]; }) : null);
      }
      if (box) { report(map, box, spec, keep, state); }
      return t;
    }
    box = panel(map, spec, apply);
    return {
      apply: apply,
      // the totals and styles a state gives (default: no filter), to check against Python
      totals: function (state) {
        var t = totalsFor(state), out = {};
        Object.keys(t.values).forEach(function (f) { out[f] = Array.from(t.values[f]); });
        out.sites = Array.from(t.sites);
        out.projects = Array.from(t.projects);
        return out;
      },
      styles: function (state) { return layerStyles(spec, totalsFor(state)); }
    };
  };
})(window.kzgeo);

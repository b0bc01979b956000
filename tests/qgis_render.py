"""Open kzgeo's GIS files in QGIS as a user would, render them, and report what QGIS saw.

Run with the system Python that has PyQGIS (Debian ``python3-qgis``), not kzgeo's venv::

    QT_QPA_PLATFORM=offscreen /usr/bin/python3 tests/qgis_render.py OUT_DIR PNG REPORT_JSON

``OUT_DIR`` is a ``kzgeo build`` output folder (``kzgeo.gpkg``, optionally ``*.fgb``). Each
GeoPackage layer is opened with the URI a drag-and-drop uses (``path|layername=NAME``), which
applies the layer's default style from ``layer_styles``. The report (JSON) gives, per layer, its
validity, feature count, fields, renderer and, for the rule-based ``regions`` style, the rules
each feature matches; then the rendered map's extent and size, and QGIS's log messages. The
test (``tests/test_qgis.py``) decides what is right; this script only reports.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

try:  # after QT_QPA_PLATFORM is set
    from qgis.core import (
        Qgis,
        QgsApplication,
        QgsCoordinateReferenceSystem,
        QgsExpressionContext,
        QgsExpressionContextUtils,
        QgsMapRendererParallelJob,
        QgsMapSettings,
        QgsRenderContext,
        QgsVectorLayer,
    )
    from qgis.PyQt.QtCore import QSize
    from qgis.PyQt.QtGui import QColor
except ImportError:
    # pytest's doctest collection imports this file in kzgeo's venv, which has no QGIS; as a
    # script (run by the system Python, see above) a missing QGIS is an error
    if __name__ == "__main__":
        raise

LAYERS = ("sites", "regions", "sez")
SIZE = (3200, 1400)


def _fields(layer: QgsVectorLayer) -> list[dict[str, str]]:
    return [
        {"name": f.name(), "type": f.typeName(), "comment": f.comment(), "alias": f.alias()}
        for f in layer.fields()
    ]


def _rule_matches(layer: QgsVectorLayer, settings: QgsMapSettings) -> list[dict[str, object]]:
    """For each feature, the labels of the top-level rules whose filter accepts it."""
    renderer = layer.renderer().clone()
    context = QgsRenderContext.fromMapSettings(settings)
    context.setExpressionContext(
        QgsExpressionContext(QgsExpressionContextUtils.globalProjectLayerScopes(layer))
    )
    renderer.startRender(context, layer.fields())
    rules = renderer.rootRule().children()
    out = []
    for feature in layer.getFeatures():
        context.expressionContext().setFeature(feature)
        matched = [rule.label() for rule in rules if rule.isFilterOK(feature, context)]
        out.append({"iso_3166_2": feature["iso_3166_2"], "rules": matched})
    renderer.stopRender(context)
    return out


def _describe(layer: QgsVectorLayer) -> dict[str, object]:
    renderer = layer.renderer()
    info: dict[str, object] = {
        "valid": layer.isValid(),
        "features": layer.featureCount(),
        "fields": _fields(layer),
        "renderer": renderer.type() if renderer else None,
        "abstract": layer.dataProvider().layerMetadata().abstract() if layer.isValid() else "",
    }
    if renderer and renderer.type() == "singleSymbol":
        info["colour"] = renderer.symbol().color().name()
    if renderer and renderer.type() == "RuleRenderer":
        info["rules"] = [
            {"label": r.label(), "filter": r.filterExpression()}
            for r in renderer.rootRule().children()
        ]
    return info


def _render(layers: list[QgsVectorLayer], png: Path) -> dict[str, object]:
    """Render ``layers`` (the last, ``regions``, sets the extent) to ``png``."""
    settings = QgsMapSettings()
    settings.setLayers(layers)  # first is drawn on top
    settings.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4326"))
    settings.setBackgroundColor(QColor(255, 255, 255))
    settings.setOutputSize(QSize(*SIZE))
    settings.setOutputDpi(96)
    extent = layers[-1].extent()
    extent.scale(1.03)
    settings.setExtent(extent)
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    image.save(str(png), "PNG")
    visible = settings.visibleExtent()
    return {
        "extent": [visible.xMinimum(), visible.yMinimum(), visible.xMaximum(), visible.yMaximum()],
        "size": [image.width(), image.height()],
        "errors": [f"{e.layerID}: {e.message}" for e in job.errors()],
        "settings": settings,
    }


def main(out_dir: str, png: str, report_path: str) -> int:
    app = QgsApplication([], False)
    app.setPrefixPath("/usr", True)
    app.initQgis()
    messages: list[str] = []
    QgsApplication.messageLog().messageReceived.connect(
        lambda message, tag, level: messages.append(f"{tag} [{int(level)}]: {message}")
    )
    gpkg = Path(out_dir) / "kzgeo.gpkg"
    layers = {n: QgsVectorLayer(f"{gpkg}|layername={n}", n, "ogr") for n in LAYERS}
    report: dict[str, object] = {
        "qgis": Qgis.QGIS_VERSION,
        "layers": {n: _describe(layer) for n, layer in layers.items()},
    }
    rendered = _render([layers["sites"], layers["sez"], layers["regions"]], Path(png))
    settings = rendered.pop("settings")
    report["render"] = rendered
    if layers["regions"].renderer() and layers["regions"].renderer().type() == "RuleRenderer":
        report["matches"] = _rule_matches(layers["regions"], settings)
    report["fgb"] = {
        path.stem: _describe(QgsVectorLayer(str(path), path.stem, "ogr"))
        for path in sorted(Path(out_dir).glob("*.fgb"))
    }
    report["messages"] = messages
    Path(report_path).write_text(json.dumps(report, indent=1, default=str), encoding="utf-8")
    # layers must go before QGIS does: deleting them after exitQgis() crashes the interpreter
    del layers, settings
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))

"""The ``kzgeo`` command: build, validate, geocode, regions.

Exit codes: 0 success; 1 data errors (the register has errors, or a file cannot be read);
2 usage (bad arguments, an output that would be overwritten without ``--force``, an output
folder that cannot be written).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Literal, cast

from kzgeo import __version__
from kzgeo.cli.progress import Steps
from kzgeo.errors import KzgeoError, OutputError, UsageError
from kzgeo.settings import LANGUAGES, options
from kzgeo.vocabularies import ALLOCATION_POLICIES

if TYPE_CHECKING:
    from collections.abc import Callable

    import geopandas as gpd

    from kzgeo.export.fields import LayerName
    from kzgeo.pipeline import BuildResult

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2
EPILOG = "Exit codes: 0 success, 1 data errors, 2 usage. Docs: README.md in the kzgeo repository."


def _formats(text: str) -> tuple[str, ...]:
    from kzgeo.export import FORMATS  # noqa: PLC0415 - keeps --help fast

    out = tuple(f.strip().lower() for f in text.split(",") if f.strip())
    bad = [f for f in out if f not in FORMATS]
    if bad or not out:
        raise argparse.ArgumentTypeError(f"formats are {', '.join(FORMATS)}; got {text!r}")
    return out


def _tolerance(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value < 1:
        raise argparse.ArgumentTypeError(f"a share between 0 and 1 (0.1 is 10 %%); got {text!r}")
    return value


def parser() -> argparse.ArgumentParser:
    """Return the argument parser (every option documented in ``--help``).

    Returns
    -------
    argparse.ArgumentParser
        The ``kzgeo`` parser with the sub-commands ``build``, ``validate``, ``geocode`` and
        ``regions``.

    Examples
    --------
    >>> parser().parse_args(["validate", "kz-industry"]).command
    'validate'
    """
    top = argparse.ArgumentParser(
        prog="kzgeo",
        description="Geocode, join, aggregate and map investment projects in Kazakhstan.",
        epilog=EPILOG,
    )
    top.add_argument("--version", action="version", version=f"kzgeo {__version__}")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (help_, description, add_options) in _SUBCOMMANDS.items():
        add_options(sub.add_parser(name, help=help_, description=description, epilog=EPILOG))
    return top


def _build_options(b: argparse.ArgumentParser) -> None:
    b.add_argument(
        "register",
        nargs="*",
        help="register folder, register.yaml, CSV or workbook (.xlsx, .xls, .ods), or a "
        "bundled register's name (kz-industry; default: the bundled seed register); give "
        "several to build them together",
    )
    b.add_argument(
        "--keep-duplicates",
        action="store_true",
        help="several registers: count a project found in two of them in both (default: "
        "the later register's copy is left out of the combined totals)",
    )
    b.add_argument(
        "--duplicate-tolerance",
        type=_tolerance,
        default=None,
        help="several registers: two copies of a project agree when each figure differs by "
        "at most this share of the larger (default: 0.1)",
    )
    _build_outputs(b)
    _common(b)
    _sheet(b)


def _build_outputs(b: argparse.ArgumentParser) -> None:
    """Options of ``build`` for what it writes and how: folder, policy, formats, map."""
    b.add_argument("--out", "-o", required=True, type=Path, help="output folder")
    b.add_argument(
        "--policy",
        choices=ALLOCATION_POLICIES,
        default=None,
        help=f"how multi-site projects are split (default: {options.allocation_policy})",
    )
    b.add_argument(
        "--format",
        dest="formats",
        type=_formats,
        default=("gpkg",),
        help="GIS formats, comma-separated: gpkg,geojson,fgb,parquet (fgb: FlatGeobuf; "
        "default: gpkg)",
    )
    b.add_argument(
        "--offline",
        action="store_true",
        help="inline Leaflet and its plugins in map.html (opens with no internet; "
        "needs the npm copies, see --assets)",
    )
    b.add_argument(
        "--assets",
        type=Path,
        default=None,
        help="node_modules folder with leaflet etc. for --offline (default: search "
        "KZGEO_ASSETS, ./node_modules, the kzgeo checkout)",
    )
    b.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=None,
        help=f"language of map.html, map.png and report.html (default: {options.language})",
    )
    b.add_argument(
        "--strict",
        action="store_true",
        help="stop at register errors instead of flagging the rows and going on",
    )


def _validate_options(v: argparse.ArgumentParser) -> None:
    v.add_argument("register", help="register folder, register.yaml, CSV or workbook")
    v.add_argument("--quiet", "-q", action="store_true", help="print errors only")
    _sheet(v)


def _geocode_options(g: argparse.ArgumentParser) -> None:
    g.add_argument("register", help="register folder, register.yaml, CSV or workbook")
    _sheet(g)
    _output_file(g, ("gpkg", "geojson", "fgb", "parquet", "csv"))
    _common(g)


def _regions_options(r: argparse.ArgumentParser) -> None:
    _output_file(r, ("gpkg", "geojson", "fgb", "parquet"))
    r.add_argument(
        "--resolution",
        choices=("full", "map"),
        default="full",
        help="full (for analysis) or map (simplified, topology kept)",
    )
    r.add_argument("--force", action="store_true", help="overwrite FILE if it exists")


_SUBCOMMANDS: dict[str, tuple[str, str, Callable[[argparse.ArgumentParser], None]]] = {
    "build": (
        "run everything and write map, GIS files, tables, reports",
        (
            "Load REGISTER (default: the bundled January 2026 pharma register), geocode, join, "
            "allocate, aggregate, and write DIR/map.html, DIR/map.png, DIR/kzgeo.gpkg, "
            "DIR/regions.csv, DIR/sites.csv, DIR/sez.csv, DIR/summary.csv, DIR/issues.csv, "
            "DIR/reconciliation.md and .json. Several registers are built together: totals "
            "combined and per register (DIR/register_totals.csv), and a project found in two of "
            "them (same company, same region or settlement, figures within the tolerance) is "
            "listed in DIR/duplicates.csv and counted once."
        ),
        _build_options,
    ),
    "validate": (
        "check a register and list every problem",
        (
            "Print every error and warning in REGISTER with file, line and field; exit 1 if "
            "there is any error."
        ),
        _validate_options,
    ),
    "geocode": (
        "geocode and join a register's sites, write them",
        (
            "Write every site of REGISTER with its point, precision, region, SEZ and statuses to "
            "FILE (.gpkg, .geojson, .fgb, .parquet or .csv)."
        ),
        _geocode_options,
    ),
    "regions": (
        "write the bundled regions and SEZs as a GIS file",
        "Write the 20 regions (and SEZs as a second layer in a GeoPackage) to FILE.",
        _regions_options,
    ),
}
"""Each sub-command: its one-line help, its ``--help`` description, what adds its options."""


def _output_file(p: argparse.ArgumentParser, formats: tuple[str, ...]) -> None:
    """Options ``--output FILE`` and ``--format`` (one of ``formats``; else from the suffix)."""
    p.add_argument("--output", "-o", required=True, type=Path, help="output file")
    p.add_argument(
        "--format",
        choices=formats,
        default=None,
        help="output format (default: from the file extension)",
    )


def _sheet(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--sheet",
        default=None,
        help="worksheet of an .xlsx/.xls/.ods register to read (default: the first)",
    )


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--regions",
        type=Path,
        default=None,
        help="your own boundary file (GeoPackage, GeoJSON, shapefile, GeoParquet; "
        "any CRS) instead of kzgeo's 20 regions",
    )
    p.add_argument(
        "--region-id", default="iso_3166_2", help="id column of --regions (default: iso_3166_2)"
    )
    p.add_argument("--force", action="store_true", help="overwrite existing outputs")
    p.add_argument(
        "--online",
        action="store_true",
        help="also ask OpenStreetMap Nominatim for names nothing offline matches "
        "(1 request/s, cached; needs --user-agent)",
    )
    p.add_argument(
        "--user-agent",
        default=None,
        help="identifies you to Nominatim, e.g. 'my-desk/1.0 (me@example.org)'",
    )
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar, no summary")


def _format_of(path: Path, given: str | None) -> str:
    if given:
        return given
    ext = path.suffix.lower().lstrip(".")
    fmt = {
        "gpkg": "gpkg",
        "geojson": "geojson",
        "json": "geojson",
        "fgb": "fgb",
        "parquet": "parquet",
        "csv": "csv",
    }.get(ext)
    if fmt is None:
        raise OutputError(
            f"cannot tell the format of {path.name}: use .gpkg, .geojson, .fgb, "
            ".parquet or .csv, or --format"
        )
    return fmt


def _configure_online(args: argparse.Namespace) -> None:
    if getattr(args, "online", False):
        options.online_geocoding = True
        if args.user_agent:
            options.nominatim_user_agent = args.user_agent


def _cmd_build(args: argparse.Namespace) -> int:
    """Run ``kzgeo build``: write every output, then exit 1 if the register has errors."""
    _prepare_build(args)
    steps = Steps(
        ["load", "geocode", "join", "allocate", "aggregate", "reconcile", "write"],
        enabled=options.progress and not args.quiet,
    )
    result, files = _build_and_write(args, steps)
    errors = result.register.errors
    if result.combination is not None:  # said even with --quiet: it changes the totals
        for note in result.combination.notes():
            print(note, file=sys.stderr if args.quiet else sys.stdout)
    if not args.quiet:
        print(result)
        for issue in errors[:20]:
            print(f"  {issue}", file=sys.stderr)
        print(f"wrote {len(files)} files to {args.out}:")
        for f in files:
            print(f"  {f.name}")
    return EXIT_DATA if errors else EXIT_OK


def _prepare_build(args: argparse.Namespace) -> None:
    """Apply the options and refuse what would fail, before any work is done."""
    from kzgeo.export.outputs import output_names  # noqa: PLC0415
    from kzgeo.export.paths import prepare_dir  # noqa: PLC0415

    _configure_online(args)
    if args.lang:
        options.language = args.lang
    names = output_names(args.formats, combined=len(args.register) > 1)
    prepare_dir(args.out, names, force=args.force)
    if args.offline:
        from kzgeo.mapping.assets import (  # noqa: PLC0415
            AssetError,
            check_versions,
            find_assets_dir,
        )

        try:  # before the build, not after writing most of the files
            check_versions(find_assets_dir(args.assets))
        except AssetError as exc:
            raise UsageError(f"--offline: {exc}") from None


def _build_and_write(args: argparse.Namespace, steps: Steps) -> tuple[BuildResult, list[Path]]:
    """Build the register(s) and write every output file; return the result and the files."""
    from kzgeo.export import export_all  # noqa: PLC0415
    from kzgeo.export.aside import discard_warm, prewarm  # noqa: PLC0415
    from kzgeo.export.outputs import PNG_MODULES  # noqa: PLC0415

    prewarm(*PNG_MODULES)  # matplotlib is imported beside the build, for map.png
    try:
        result = _run_build(args, steps)
        steps("write")
        # the command line owns its process: the PNG may be drawn in a forked child
        with options.context(draw_aside=True):
            files = export_all(
                result,
                args.out,
                formats=args.formats,
                offline=args.offline,
                assets_dir=args.assets,
                force=args.force,  # checked again under the folder's lock: builds can race
            )
    finally:
        discard_warm()  # unused if the build failed
        steps.close()
    return result, files


def _run_build(args: argparse.Namespace, steps: Steps) -> BuildResult:
    """Load the register(s) as the arguments say and build them."""
    from kzgeo.pipeline import build  # noqa: PLC0415
    from kzgeo.register import load_register  # noqa: PLC0415
    from kzgeo.register.combine import DUPLICATE_TOLERANCE  # noqa: PLC0415

    mode: Literal["raise", "flag"] = "raise" if args.strict else "flag"
    given = args.register or [None]
    registers = [
        load_register(r, errors=mode, sheet=args.sheet) if args.sheet else r for r in given
    ]
    tolerance = args.duplicate_tolerance
    return build(
        registers,
        policy=args.policy,
        errors=mode,
        regions=args.regions,
        region_id=args.region_id,
        progress=steps,
        row_progress=steps.rows,
        keep_duplicates=args.keep_duplicates,
        duplicate_tolerance=DUPLICATE_TOLERANCE if tolerance is None else tolerance,
    )


def _cmd_validate(args: argparse.Namespace) -> int:
    """Run ``kzgeo validate``: print the register's issues; exit 1 if it has errors."""
    from kzgeo.register import load_register, reconcile  # noqa: PLC0415

    reg = load_register(args.register, errors="flag", sheet=args.sheet)
    shown = reg.errors if args.quiet else reg.issues
    for issue in shown:
        print(issue)
    if not args.quiet:
        n_bad = int((reg.projects.row_status != "ok").sum() + (reg.sites.row_status != "ok").sum())
        print(
            f"{len(reg.projects)} projects, {len(reg.sites)} sites: {len(reg.errors)} errors, "
            f"{len(reg.warnings)} warnings, {n_bad} rows flagged"
        )
        print(f"stated totals: {reconcile(reg).headline()} (kzgeo build writes reconciliation.md)")
    return EXIT_DATA if reg.errors else EXIT_OK


def _cmd_geocode(args: argparse.Namespace) -> int:
    """Run ``kzgeo geocode``: write the sites table, then exit 1 if the register has errors."""
    from kzgeo.export import prepare_dir, sites_table  # noqa: PLC0415
    from kzgeo.geocoding import geocode  # noqa: PLC0415
    from kzgeo.join import assign_regions, hint_column_for  # noqa: PLC0415
    from kzgeo.register import load_register  # noqa: PLC0415

    _configure_online(args)
    fmt = _format_of(args.output, args.format)
    prepare_dir(args.output.parent, [args.output.name], force=args.force, plain_names=False)
    from kzgeo.datasets import load_boundaries  # noqa: PLC0415

    reg = load_register(args.register, errors="flag", sheet=args.sheet)
    regions = load_boundaries(args.regions, region_id=args.region_id) if args.regions else None
    table = sites_table(
        assign_regions(
            geocode(reg),
            regions=regions,
            region_id=args.region_id,
            hint_column=hint_column_for(args.region_id, own_boundaries=regions is not None),
        ),
        root=reg.path.parent if reg.path and reg.path.is_file() else reg.path,
    )
    inputs = [str(reg.path), *reg.sites["source_file"].astype(str), args.regions or ""]
    _write_output(args, fmt, {"sites": table}, inputs=inputs)
    if not args.quiet:
        counts = table["geocode_status"].value_counts().to_dict()
        print(f"wrote {len(table)} sites to {args.output} ({counts})")
    return EXIT_DATA if reg.errors else EXIT_OK


def _cmd_regions(args: argparse.Namespace) -> int:
    """Run ``kzgeo regions``: write the bundled layers (a failure to write raises)."""
    from kzgeo.datasets import load_regions, load_sez  # noqa: PLC0415
    from kzgeo.export import layer_table  # noqa: PLC0415

    fmt = _format_of(args.output, args.format)
    if fmt == "csv":  # a .csv name: the boundaries are the point of this command
        raise UsageError(
            f"kzgeo regions writes a GIS file: {args.output.name} is a CSV name; use .gpkg, "
            ".geojson, .fgb or .parquet, or --format"
        )
    regions = layer_table(load_regions(args.resolution))
    sez = layer_table(load_sez(), name="sez")
    _write_output(args, fmt, {"regions": regions, "sez": sez})
    print(f"wrote {args.output}")
    return EXIT_OK


def _write_output(
    args: argparse.Namespace,
    fmt: str,
    layers: dict[str, gpd.GeoDataFrame],
    *,
    inputs: list[str] | None = None,
) -> None:
    """Write ``layers`` (kzgeo's layer names) as the one file ``args.output``, staged.

    A GeoPackage holds every layer; any other format, one file a layer, gets the first; a CSV
    is the first layer's table without its geometry.
    """
    import pandas as pd  # noqa: PLC0415

    from kzgeo.export import write_csv, write_layers  # noqa: PLC0415
    from kzgeo.export.staging import staged_output  # noqa: PLC0415

    name, first = next(iter(layers.items()))
    out = args.output
    with staged_output(
        out.parent, [out.name], force=args.force, inputs=inputs or (), plain_names=False
    ) as stage:
        if fmt == "csv":
            frame = pd.DataFrame(first.drop(columns="geometry"))
            write_csv(frame, stage / out.name, layer=cast("LayerName", name))  # rounded as declared
        else:
            chosen = layers if fmt == "gpkg" else {name: first}
            written = write_layers(chosen, stage, formats=(fmt,), gpkg_name=out.name)
            written[0].replace(stage / out.name)


def _check_paths(args: argparse.Namespace) -> None:
    """Refuse, before any work, input paths that do not exist (a usage problem: exit 2)."""
    for option in ("register", "regions"):
        given = getattr(args, option, None)
        for value in given if isinstance(given, list) else [given]:
            _check_path(option, value)


def _check_path(option: str, value: str | Path | None) -> None:
    from kzgeo.register.bundled import bundled_registers  # noqa: PLC0415 - keeps --help fast

    if value is None or (option == "register" and value in bundled_registers()):
        return
    if not Path(value).exists():
        if Path(value).is_symlink():
            raise UsageError(
                f"{option} {value}: a link that leads nowhere (a loop or a missing target); "
                "point it at the register or give the real path"
            )
        bundled = f" or a bundled register ({', '.join(bundled_registers())})"
        raise UsageError(
            f"{option} {value}: no such file or folder; check the path"
            + (bundled if option == "register" else "")
        )


COMMANDS = {
    "build": _cmd_build,
    "validate": _cmd_validate,
    "geocode": _cmd_geocode,
    "regions": _cmd_regions,
}


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code.

    Errors kzgeo recognises are printed as one line on stderr, without a traceback.

    Parameters
    ----------
    argv : list of str, optional
        The arguments after ``kzgeo``; None: ``sys.argv[1:]``.

    Returns
    -------
    int
        0 on success, 1 for errors in the data, 2 for usage and output-folder problems.
    """
    args = parser().parse_args(argv)
    try:
        _check_paths(args)
        return COMMANDS[args.command](args)
    except (OutputError, UsageError) as exc:
        print(f"kzgeo: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KzgeoError as exc:  # an error in the data (InputError and the rest)
        print(f"kzgeo: {exc}", file=sys.stderr)
        return EXIT_DATA


if __name__ == "__main__":
    sys.exit(main())

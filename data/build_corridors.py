"""Build the corridor lines the map draws, once, at build time (never per request).

Land corridors are their waypoints joined in order (schematic). A maritime corridor
(``explainers.data.corridor_checks.SEA_CORRIDORS``: the 21st Century Maritime Silk Road)
is drawn at sea: each leg from one port to the next follows the shortest route on the
sea-lane network that ``searoute`` ships (Eurostat's marnet), joined to the two ports at
its ends. That network takes shortcuts the 1:50m map cannot show (the Corinth Canal, a
channel behind an island), so a network edge that crosses the map's land is made dearer
and the leg routed again, until it stays at sea (the Suez Canal, in
:data:`~explainers.data.corridor_checks.CANALS`, is kept). Each leg is then simplified as
far as it stays off land, so the whole route keeps a few hundred points, and checked as
plotly draws it (great-circle arcs between points): a leg that still crosses land away
from its ports is a :class:`~explainers.data.checks.Problem`, and
``data/build_datasets.py`` then writes nothing.

``searoute`` is needed here only (``requirements-dev.txt``); the app reads the built
path from ``data/processed/corridors.geojson``.

Example
-------
>>> land = corridor_checks.land_shapes()
>>> leg = sea_leg((39.66359, -4.05466), (23.64619, 37.94203), sea_network(), land)
>>> leg[0], leg[-1]  # Mombasa to Piraeus, calling at both
((39.66359, -4.05466), (23.64619, 37.94203))
>>> any(32.2 < lon < 32.6 and 30.0 < lat < 31.2 for lon, lat in leg)  # through Suez
True
"""

from __future__ import annotations

import itertools
import math

import pandas as pd
import searoute
import shapely
from shapely.geometry import LineString

from explainers.data import corridor_checks
from explainers.data.checks import Problem
from explainers.data.corridor_checks import Leg, allowed_land, land_crossings

SIMPLIFY_DEGREES = (0.5, 0.25, 0.1, 0.05, 0.02, 0.0)
"""Tolerances tried for each sea leg, coarsest first; the first that adds no land wins."""
DIGITS = 5
"""Decimal places kept in the built path (about 1 m), so a rebuild gives the same bytes."""
MAX_REROUTES = 40
"""How many times a leg may be routed again after making edges that cross land dearer."""
LAND_PENALTY = 100.0
"""Extra weight (km) per km of land an edge crosses: a detour of up to 100 times as long wins."""
MAX_SEGMENT_KM = 250.0
"""Longest segment kept after simplifying: longer ones get points on their great circle,
so the line reads the same whatever a renderer does between points."""
NEAREST_NODES = 12
"""How many of the network's nodes nearest a port are tried as the leg's first or last."""


def sea_network():
    """A fresh copy of searoute's sea-lane network that this build may prune.

    Copied through searoute's documented ``from_nodes_edges_set`` so the copy has its own
    nearest-node index.
    """
    base = searoute.setup_M()
    nodes = dict(base.nodes(data=True))
    edges: dict = {}
    for u, v, data in base.edges(data=True):
        edges.setdefault(u, {})[v] = dict(data)
        edges.setdefault(v, {})[u] = dict(data)
    return searoute.from_nodes_edges_set(searoute.Marnet(), nodes, edges)


def _crosses(coords, land, allowed) -> bool:
    return bool(land_crossings(coords, land, allowed))


def _km_over(u, v, land, allowed) -> float:
    return sum(crossing.km for crossing in land_crossings([u, v], land, allowed))


def _nearest_clear_node(port, network, land, allowed):
    """The network node nearest ``port`` that a straight line from the port reaches at sea."""
    lon, lat = port
    scale = math.cos(math.radians(lat))
    ranked = sorted(network.nodes, key=lambda n: ((n[0] - lon) * scale) ** 2 + (n[1] - lat) ** 2)
    for node in ranked[:NEAREST_NODES]:
        if not _crosses([port, node], land, allowed):
            return node
    return ranked[0]


def sea_leg(start, end, network, land) -> list[tuple[float, float]]:
    """The sea route from port ``start`` to port ``end``, (lon, lat) points, calling at both.

    Edges of ``network`` that take the route over land are made dearer as found (by
    :data:`LAND_PENALTY` per km of land, so later legs avoid them too) and the leg is
    routed again; an edge with no way round stays, and the check reports it.
    """
    start, end = tuple(start), tuple(end)
    penalised: set = set()
    allowed = allowed_land((start, end))
    first = _nearest_clear_node(start, network, land, allowed)
    last = _nearest_clear_node(end, network, land, allowed)
    nodes: list = []
    for _attempt in range(MAX_REROUTES):
        _length, nodes = network.shortest_path(first, last)
        over = {(u, v): _km_over(u, v, land, allowed) for u, v in itertools.pairwise(nodes)}
        bad = {edge: km for edge, km in over.items() if km and edge not in penalised}
        if not bad:
            break
        for (u, v), km in bad.items():
            # searoute's copy keeps each direction's attributes apart: make both dearer.
            for a, b in ((u, v), (v, u)):
                network[a][b]["weight"] += LAND_PENALTY * km
                penalised.add((a, b))
    middle = [(round(lon, DIGITS), round(lat, DIGITS)) for lon, lat in nodes or ()]
    points = [start, *middle, end]
    return [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]


def simplified(coords: list[tuple[float, float]], land: shapely.STRtree) -> list:
    """``coords`` with as few points as keep it as far off land as it was.

    Tried at each of :data:`SIMPLIFY_DEGREES`; the coarsest that crosses no more land
    (away from the ports) than the full path wins.
    """
    allowed = allowed_land((coords[0], coords[-1]))
    full = sum(c.km for c in land_crossings(coords, land, allowed))
    for tolerance in SIMPLIFY_DEGREES:
        candidate = list(LineString(coords).simplify(tolerance, preserve_topology=False).coords)
        over = sum(c.km for c in land_crossings(candidate, land, allowed))
        if over <= full + 0.01:
            return densified(candidate)
    return coords


def densified(coords) -> list[tuple[float, float]]:
    """``coords`` with points added along each great circle longer than MAX_SEGMENT_KM."""
    points = [coords[0]]
    for (lon1, lat1), (lon2, lat2) in itertools.pairwise(coords):
        km = corridor_checks.geodesic_km((lon1, lat1), (lon2, lat2))
        between = max(0, math.ceil(km / MAX_SEGMENT_KM) - 1)
        points += corridor_checks.great_circle_points((lon1, lat1), (lon2, lat2), between)
        points.append((lon2, lat2))
    inner = [(round(x, DIGITS), round(y, DIGITS)) for x, y in points[1:-1]]
    return [tuple(coords[0]), *inner, tuple(coords[-1])]  # the ports as the source gives them


def sea_legs(line: pd.DataFrame, land: shapely.STRtree, network=None) -> list[Leg]:
    """One simplified :class:`Leg` per pair of consecutive waypoints of a sea line.

    ``line`` holds one line's waypoints in order, with the source file's row numbers
    as its index (so a problem can name the row).
    """
    network = network or sea_network()
    legs = []
    rows = list(line.itertuples())
    for start, end in itertools.pairwise(rows):
        coords = sea_leg((start.lon, start.lat), (end.lon, end.lat), network, land)
        legs.append(
            Leg(
                line=start.line,
                start=start.place,
                end=end.place,
                start_row=int(start.Index) + 2,
                coords=tuple(simplified(coords, land)),
            )
        )
    return legs


def joined(legs: list[Leg]) -> list[tuple[float, float]]:
    """The legs as one path: each port once."""
    path = list(legs[0].coords)
    for leg in legs[1:]:
        path += list(leg.coords[1:])
    return path


def corridor_features(
    waypoints: pd.DataFrame, land: shapely.STRtree | None = None
) -> tuple[list[dict], list[Problem]]:
    """One LineString feature per corridor line, and the problems of its sea legs.

    ``waypoints`` is ``corridors.csv`` as text, in drawing order, with the source's row
    order as its index. A land line joins its waypoints; a sea line follows
    :func:`sea_legs`, and every sea waypoint must be a port (see
    :func:`explainers.data.corridor_checks.port_problems`).
    """
    typed = waypoints.astype({"seq": int, "lat": float, "lon": float})
    sea = typed["corridor"].isin(corridor_checks.SEA_CORRIDORS)
    if land is None and sea.any():
        land = corridor_checks.land_shapes()
    problems = corridor_checks.port_problems(typed, land) if sea.any() else []
    features = []
    for line, group in typed.groupby("line", sort=True):
        group = group.sort_values("seq", kind="stable")
        first = group.iloc[0]
        at_sea = first["corridor"] in corridor_checks.SEA_CORRIDORS
        if at_sea:
            legs = sea_legs(group, land)
            for leg in legs:
                problems += corridor_checks.leg_problems(leg, land)
            coords = joined(legs)
        else:
            coords = list(zip(group["lon"], group["lat"], strict=True))
        features.append(
            {
                "type": "Feature",
                "id": line,
                "properties": {
                    "line": line,
                    "corridor": first["corridor"],
                    "corridor_name": first["corridor_name"],
                    "waypoints": len(group),
                    "schematic": True,
                    "drawn": "sea route through the ports" if at_sea else "waypoints joined",
                },
                "geometry": {
                    "type": "LineString",
                    "coordinates": [[round(x, 6), round(y, 6)] for x, y in coords],
                },
            }
        )
    return features, problems

// A map of points drawn from the hub's own coordinates: no tiles (field offices may have no internet), just
// the places within the shown place, those where someone works drawn larger, each a link to its page.

import { s } from "./dom.js";

const WIDTH = 640;
const HEIGHT = 400;
const PAD = 36;

/** points: [{id, label, latitude, longitude, weight (0: nobody works there), href}]. */
export function pointMap(points, label) {
  const placed = points.filter((p) => Number.isFinite(p.latitude) && Number.isFinite(p.longitude));
  const svg = s("svg", { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: "img", "aria-label": label, class: "map" },
    s("title", {}, label), s("rect", { x: 0, y: 0, width: WIDTH, height: HEIGHT, class: "map-ground" }));
  if (!placed.length) return svg;
  const lats = placed.map((p) => p.latitude);
  const lons = placed.map((p) => p.longitude);
  const midLat = (Math.min(...lats) + Math.max(...lats)) / 2;
  const squeeze = Math.cos((midLat * Math.PI) / 180); // a degree of longitude is shorter away from the equator
  const spanX = Math.max((Math.max(...lons) - Math.min(...lons)) * squeeze, 0.05);
  const spanY = Math.max(Math.max(...lats) - Math.min(...lats), 0.05);
  const scale = Math.min((WIDTH - 2 * PAD) / spanX, (HEIGHT - 2 * PAD) / spanY);
  const x0 = (WIDTH - spanX * scale) / 2;
  const y0 = (HEIGHT - spanY * scale) / 2;
  const project = (p) => [x0 + (p.longitude - Math.min(...lons)) * squeeze * scale,
                          y0 + (Math.max(...lats) - p.latitude) * scale];
  const maxWeight = Math.max(1, ...placed.map((p) => p.weight));
  for (const point of [...placed].sort((a, b) => a.weight - b.weight)) {
    const [x, y] = project(point);
    const r = point.weight ? 5 + 9 * Math.sqrt(point.weight / maxWeight) : 3;
    svg.append(s("a", { href: point.href, class: point.weight ? "map-point active" : "map-point" },
      s("title", {}, point.title || point.label),
      s("circle", { cx: x.toFixed(1), cy: y.toFixed(1), r: r.toFixed(1) }),
      point.weight ? s("text", { x: (x > WIDTH * 0.7 ? x - r - 3 : x + r + 3).toFixed(1), y: (y + 4).toFixed(1),
        "text-anchor": x > WIDTH * 0.7 ? "end" : "start" }, point.label) : null));
  }
  return svg;
}

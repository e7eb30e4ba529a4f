// A small force layout: nodes repel, edges pull, everything drifts to the centre. Deterministic (nodes start on
// a circle in a fixed order), so the same neighbourhood is drawn the same way every time.

export function layout(nodes, edges, { width, height, iterations = 300 }) {
  const centre = [width / 2, height / 2];
  nodes.forEach((node, i) => {
    const angle = (2 * Math.PI * i) / nodes.length;
    const radius = node.fixed ? 0 : Math.min(width, height) / 3;
    node.x = centre[0] + radius * Math.cos(angle);
    node.y = centre[1] + radius * Math.sin(angle);
  });
  const index = new Map(nodes.map((node) => [node.id, node]));
  const links = edges.map(([a, b]) => [index.get(a), index.get(b)]).filter(([a, b]) => a && b);
  // the ideal edge length shrinks with the number of nodes, so a large neighbourhood still fits inside the frame
  const ideal = Math.min(Math.min(width, height) / 4, 0.9 * Math.sqrt((width * height) / Math.max(nodes.length, 1)));
  for (let step = 0; step < iterations; step++) {
    const cooling = 1 - step / iterations;
    const shift = new Map(nodes.map((node) => [node, [0, 0]]));
    for (let i = 0; i < nodes.length; i++) {
      for (let j = i + 1; j < nodes.length; j++) {
        const [a, b] = [nodes[i], nodes[j]];
        const dx = a.x - b.x || 0.01;
        const dy = a.y - b.y || 0.01;
        const distance = Math.max(Math.hypot(dx, dy), 1);
        const push = (ideal * ideal) / distance / distance;
        shift.get(a)[0] += dx * push; shift.get(a)[1] += dy * push;
        shift.get(b)[0] -= dx * push; shift.get(b)[1] -= dy * push;
      }
    }
    for (const [a, b] of links) {
      const dx = a.x - b.x;
      const dy = a.y - b.y;
      const pull = Math.hypot(dx, dy) / ideal / 4;
      shift.get(a)[0] -= dx * pull; shift.get(a)[1] -= dy * pull;
      shift.get(b)[0] += dx * pull; shift.get(b)[1] += dy * pull;
    }
    for (const node of nodes) {
      if (node.fixed) continue;
      const [dx, dy] = shift.get(node);
      const length = Math.hypot(dx, dy) || 1;
      const move = Math.min(length, 20 * cooling + 1);
      node.x = Math.min(width - 20, Math.max(20, node.x + (dx / length) * move + (centre[0] - node.x) * 0.01));
      node.y = Math.min(height - 20, Math.max(20, node.y + (dy / length) * move + (centre[1] - node.y) * 0.01));
    }
  }
  return { nodes, links };
}

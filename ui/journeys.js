// The dashboard's Journeys view (docs/behaviour.md#dashboard-journeys): the app's journeys from
// /_pinpoint/journeys; choosing one (#journeys?id=…) draws its activities as a graph from
// /_pinpoint/journeys/graph, with the endpoints waiting at each, then its activity table and
// the positions list from /_pinpoint/journeys/positions. Loaded before app.js; it uses app.js's
// helpers (h, getJson, table, pagedList, appParams, needApp) only when the view is shown.
'use strict';

const SVG_NS = 'http://www.w3.org/2000/svg';
const NODE_W = 190;
const NODE_H = 70;
const GAP_X = 40;
const GAP_Y = 56;

// svg('tag', {attr: value}, child, ...): an SVG element.
function svg(tag, attrs, ...kids) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== undefined && v !== null) el.setAttribute(k, v);
  for (const kid of kids.flat()) if (kid !== undefined && kid !== null) el.append(kid instanceof Node ? kid : String(kid));
  return el;
}

const metricText = (m) => Object.entries(m || {}).map(([k, v]) => `${k} ${v}`).join(' · ');

// Layers by distance from StartActivity (breadth first); activities it never reaches go last.
function layers(g) {
  const byId = new Map(g.Activities.map((a) => [a.ActivityId, a]));
  const depth = new Map();
  const queue = byId.has(g.StartActivity) ? [g.StartActivity] : [];
  if (queue.length) depth.set(g.StartActivity, 0);
  while (queue.length) {
    const id = queue.shift();
    for (const e of byId.get(id).Next) {
      if (byId.has(e.ActivityId) && !depth.has(e.ActivityId)) {
        depth.set(e.ActivityId, depth.get(id) + 1);
        queue.push(e.ActivityId);
      }
    }
  }
  const reached = depth.size ? Math.max(...depth.values()) + 1 : 0;
  const rows = [];
  for (const a of g.Activities) {
    const d = depth.has(a.ActivityId) ? depth.get(a.ActivityId) : reached;
    (rows[d] = rows[d] || []).push(a);
  }
  return rows.filter(Boolean);
}

// The graph: one box per activity (id, type, endpoints waiting, counts), an arrow per way out.
function journeyGraph(g) {
  const rows = layers(g);
  const widest = Math.max(1, ...rows.map((r) => r.length));
  const width = widest * (NODE_W + GAP_X) + GAP_X;
  const height = rows.length * (NODE_H + GAP_Y);
  const at = new Map();
  rows.forEach((row, y) => {
    const left = (width - row.length * (NODE_W + GAP_X) + GAP_X) / 2;
    row.forEach((a, x) => at.set(a.ActivityId, { x: left + x * (NODE_W + GAP_X), y: GAP_Y / 2 + y * (NODE_H + GAP_Y) }));
  });
  const defs = svg('defs', {}, svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
    svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrow-head' })));
  const edges = [];
  for (const a of g.Activities) {
    const from = at.get(a.ActivityId);
    for (const e of a.Next) {
      const to = at.get(e.ActivityId);
      if (!to) continue;
      const [x1, y1] = [from.x + NODE_W / 2, from.y + NODE_H];
      const [x2, y2] = [to.x + NODE_W / 2, to.y];
      // Forward edges go straight down; an edge back up curves round the right-hand side.
      const d = y2 > y1 ? `M ${x1} ${y1} C ${x1} ${y1 + GAP_Y / 2} ${x2} ${y2 - GAP_Y / 2} ${x2} ${y2}`
        : `M ${from.x + NODE_W} ${from.y + NODE_H / 2} C ${width} ${from.y} ${width} ${to.y} ${to.x + NODE_W} ${to.y + NODE_H / 2}`;
      edges.push(svg('g', { class: 'edge', 'data-from': a.ActivityId, 'data-to': e.ActivityId },
        svg('path', { d, 'marker-end': 'url(#arrow)' }),
        e.Label ? svg('text', { x: (x1 + x2) / 2 + 4, y: (y1 + y2) / 2, class: 'label' }, e.Label) : null));
    }
  }
  const nodes = g.Activities.map((a) => {
    const { x, y } = at.get(a.ActivityId);
    const counts = metricText(a.Metrics);
    return svg('g', { class: `node${a.Waiting ? ' busy' : ''}`, 'data-activity-id': a.ActivityId, transform: `translate(${x} ${y})` },
      svg('title', {}, `${a.ActivityId} (${a.Type})${a.Description ? `: ${a.Description}` : ''}\n${counts || 'no counts yet'}`),
      svg('rect', { width: NODE_W, height: NODE_H, rx: 6 }),
      svg('text', { x: 10, y: 18, class: 'id' }, a.ActivityId === g.StartActivity ? `▶ ${a.ActivityId}` : a.ActivityId),
      svg('text', { x: NODE_W - 10, y: 18, class: 'type', 'text-anchor': 'end' }, a.Type),
      svg('text', { x: 10, y: 40, class: 'waiting', 'data-waiting': a.Waiting }, `${a.Waiting} waiting`),
      svg('text', { x: 10, y: 60, class: 'counts' }, counts.length > 30 ? `${counts.slice(0, 29)}…` : counts));
  });
  return svg('svg', { class: 'journey-graph', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': `Activities of ${g.Name || g.JourneyId}` },
    defs, edges, nodes);
}

async function showJourney(box, id) {
  const params = { ...appParams(), 'journey-id': id };
  const [g, { Endpoints: where }] = await Promise.all([getJson('journeys/graph', params), getJson('journeys/positions', params)]);
  box.replaceChildren(h('article.journey', { dataset: { journeyId: g.JourneyId } },
    h('div.msg-head', {}, h('b', {}, g.Name || g.JourneyId), ' ', h('span.badge', {}, g.State),
      h('span.muted', {}, ` · ${g.JourneyId} · ${g.Waiting} waiting · at ${g.Now}`)),
    h('p.journey-metrics', {}, metricText(g.Metrics) || 'No endpoint has entered yet.'),
    h('div.graph-box', {}, journeyGraph(g)),
    h('h4', {}, 'Activities'),
    table([['Activity', (a) => a.ActivityId], ['Type', (a) => a.Type], ['Leads to', (a) => a.Next.map((e) => (e.Label ? `${e.Label}: ${e.ActivityId}` : e.ActivityId)).join(', ')],
      ['Waiting', (a) => a.Waiting], ['Metrics', (a) => metricText(a.Metrics)]], g.Activities),
    h('h4', {}, 'Where each endpoint is'),
    h('div.positions', {}, table([['Endpoint', (p) => p.EndpointId], ['Activity', (p) => p.ActivityId], ['State', (p) => p.State],
      ['Since', (p) => p.Since], ['Entries', (p) => p.Entries]], where))));
}

function journeysView(view, params) {
  if (needApp(view)) return;
  const chosen = params.get('id');
  const detail = h('div.journey-detail');
  view.append(h('h2', {}, 'Journeys'), pagedList(
    (token) => getJson('journeys', { ...appParams(), 'page-size': 20, token }),
    (items) => table([['Name', (j) => j.Name], ['State', (j) => j.State], ['Activities', (j) => j.ActivityCount],
      ['Waiting now', (j) => j.Waiting], ['Entered', (j) => j.Metrics.ENDPOINT_ENTERED || '0'], ['Journey id', (j) => j.JourneyId],
      ['Created', (j) => j.CreationDate]], items, (j) => { location.hash = `journeys?id=${encodeURIComponent(j.JourneyId)}`; })),
  detail);
  if (chosen) return showJourney(detail, chosen);
  detail.append(h('p.muted', {}, 'Choose a journey to draw its activities.'));
}

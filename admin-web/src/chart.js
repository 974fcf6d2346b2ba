// A small line chart in SVG (presentation attributes only: the CSP allows no
// inline style). It is a picture of the table next to it, which stays the
// accessible view: the chart is one labelled image.
const NS = 'http://www.w3.org/2000/svg';
const kColors = ['#0b5cad', '#1d6b34', '#a4161a', '#7a5300'];

function el(tag, attrs, ...children) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  e.append(...children);
  return e;
}

// series: {name: [[x, y], ...]}; x ascending. Returns a <figure>.
export function lineChart(title, series, xLabel) {
  const w = 640;
  const hgt = 200;
  const pad = 32;
  const points = Object.values(series).flat();
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const x0 = xs.length ? Math.min(...xs) : 0;
  const x1 = Math.max(...xs, x0 + 1);
  const y1 = Math.max(...ys, 1);
  const sx = (x) => pad + (w - 2 * pad) * (xs.length ? (x - x0) / (x1 - x0 || 1) : 0);
  const sy = (y) => hgt - pad - (hgt - 2 * pad) * (y / y1);
  const names = Object.keys(series);
  const summary = names.map((n) => {
    const last = series[n].length ? series[n][series[n].length - 1][1] : 0;
    return `${n} ${last}`;
  }).join(', ');
  const svg = el('svg', {'viewBox': `0 0 ${w} ${hgt}`, 'role': 'img', 'class': 'chart',
    'aria-label': `${title}. Latest minute: ${summary || 'no data'}. The table below has every value.`},
  el('line', {x1: pad, y1: hgt - pad, x2: w - pad, y2: hgt - pad, stroke: '#6b7682'}),
  el('line', {x1: pad, y1: pad, x2: pad, y2: hgt - pad, stroke: '#6b7682'}),
  el('text', {'x': 4, 'y': pad, 'font-size': 11, 'fill': '#1b1f24'}, String(y1)),
  el('text', {'x': w / 2, 'y': hgt - 6, 'font-size': 11, 'fill': '#1b1f24',
    'text-anchor': 'middle'}, xLabel));
  names.forEach((n, i) => {
    const pts = series[n].map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ');
    if (pts) {
      svg.append(el('polyline', {'points': pts, 'fill': 'none', 'stroke': kColors[i % 4],
        'stroke-width': 2}));
    }
    for (const [x, y] of series[n]) {  // a dot per minute: one minute is still seen
      svg.append(el('circle', {cx: sx(x).toFixed(1), cy: sy(y).toFixed(1), r: 3 + (3 - i % 4),
        fill: kColors[i % 4]}));
    }
    svg.append(el('text', {'x': pad + 8 + i * 130, 'y': 14, 'font-size': 12,
      'fill': kColors[i % 4]}, n));
  });
  const fig = document.createElement('figure');
  const cap = document.createElement('figcaption');
  cap.textContent = title;
  fig.append(cap, svg);
  return fig;
}

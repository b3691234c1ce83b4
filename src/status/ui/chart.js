// Small line charts as inline SVG, drawn from the history the page keeps. The SVG
// stretches to its box; strokes keep their width (vector-effect in app.css) and the
// scale is written beside it in HTML, so no text is distorted.

const svgNamespace = 'http://www.w3.org/2000/svg';
const width = 300;
const height = 80;

function span(className, text) {
  const node = document.createElement('span');
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A figure with its caption, a legend in words (solid or dashed line) and an empty chart. */
export function createChart(title, legend, spanLabel) {
  const figure = document.createElement('figure');
  figure.className = 'chart';
  const caption = document.createElement('figcaption');
  const legendList = span('legend');
  for (const { label, style } of legend) {
    const item = span('legend-item');
    item.append(span(`swatch swatch-${style}`), document.createTextNode(label));
    legendList.append(item);
  }
  caption.append(span('chart-title', title), legendList);
  const frame = document.createElement('div');
  frame.className = 'chart-frame';
  const svg = document.createElementNS(svgNamespace, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('preserveAspectRatio', 'none');
  svg.setAttribute('role', 'img');
  const scale = span('axis axis-top');
  frame.append(scale, svg);
  const axis = document.createElement('div');
  axis.className = 'axis axis-bottom';
  axis.append(span('', spanLabel), span('', 'now'));
  figure.append(caption, frame, axis);
  return { figure, svg, scale };
}

/** The smallest of 1, 2, 2.5, 5 × 10^n at or above the value. */
export function niceMaximum(value) {
  if (!(value > 0)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 2.5, 5, 10].find((candidate) => candidate * magnitude >= value) ?? 10;
  return step * magnitude;
}

function createNode(name, attributes) {
  const node = document.createElementNS(svgNamespace, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  return node;
}

/**
 * Draws each series of `points` ({ at, [key]: number | null }) over the last `spanMs`.
 * A missing value breaks its line instead of being drawn as zero.
 */
export function drawChart(chart, points, series, { now, spanMs, formatScale, describe }) {
  const values = points.flatMap((point) => series.map((line) => point[line.key])).filter((value) => typeof value === 'number');
  const maximum = niceMaximum(Math.max(0, ...values));
  const x = (at) => (((at - (now - spanMs)) / spanMs) * width).toFixed(1);
  const y = (value) => (height - 2 - (value / maximum) * (height - 6)).toFixed(1);
  const nodes = [createNode('path', { class: 'grid', d: `M0 4H${width}M0 ${height / 2 + 1}H${width}M0 ${height - 2}H${width}` })];
  for (const line of series) {
    let segment = [];
    const flush = () => {
      // A lone point still shows, as a dot-long line.
      if (segment.length === 1) segment.push(segment[0]);
      if (segment.length > 0) nodes.push(createNode('polyline', { class: `line line-${line.style}`, points: segment.join(' ') }));
      segment = [];
    };
    for (const point of points) {
      const value = point[line.key];
      if (typeof value === 'number') segment.push(`${x(point.at)},${y(value)}`);
      else flush();
    }
    flush();
  }
  chart.svg.replaceChildren(...nodes);
  chart.svg.setAttribute('aria-label', describe(maximum));
  if (chart.scale.textContent !== formatScale(maximum)) chart.scale.textContent = formatScale(maximum);
}

// Detail page: mask overlays on the image (canvas, colour maps, opacity, threshold, side by side), keyboard
// shortcuts, analytic ordering, and live refresh of the results while the detection runs.
import { shortcuts, parseHTML } from './util.js';

const detail = document.querySelector('.detail');
const stage = document.getElementById('stage');
const image = stage ? document.getElementById('media') : null;
const canvas = document.getElementById('overlay');
const maskLayer = document.getElementById('mask-layer');
const overlayOn = document.getElementById('overlay-on');
const opacity = document.getElementById('opacity');
const layout = document.getElementById('layout');
const colormap = document.getElementById('colormap');
const threshold = document.getElementById('threshold');
const zoom = document.getElementById('zoom');
let maskSelect = document.getElementById('mask-select');

// Colour maps as a few stops, interpolated into 256-entry tables. Index = suspicion (0 = untouched, 255 = manipulated).
const stops = {
  heat: [[0, 110, 0, 20], [0.35, 205, 25, 30], [0.7, 250, 140, 20], [1, 255, 250, 150]],
  viridis: [[0, 68, 1, 84], [0.33, 49, 104, 142], [0.66, 53, 183, 121], [1, 253, 231, 37]],
  inferno: [[0, 0, 0, 4], [0.3, 87, 16, 110], [0.6, 188, 55, 84], [0.85, 249, 142, 9], [1, 252, 255, 164]],
};
const tables = {};
function table(name) {
  if (tables[name]) return tables[name];
  const points = stops[name];
  const lut = new Uint8ClampedArray(256 * 3);
  for (let i = 0; i < 256; i += 1) {
    const t = i / 255;
    let k = 0;
    while (k < points.length - 2 && t > points[k + 1][0]) k += 1;
    const [t0, r0, g0, b0] = points[k];
    const [t1, r1, g1, b1] = points[k + 1];
    const f = t1 === t0 ? 0 : (t - t0) / (t1 - t0);
    lut[i * 3] = r0 + (r1 - r0) * f;
    lut[i * 3 + 1] = g0 + (g1 - g0) * f;
    lut[i * 3 + 2] = b0 + (b1 - b0) * f;
  }
  tables[name] = lut;
  return lut;
}

let maskPixels = null; // ImageData of the current mask, raw
let loadToken = 0;

function selectedOption() {
  return maskSelect && maskSelect.selectedOptions.length ? maskSelect.selectedOptions[0] : null;
}

function loadMask() {
  const option = selectedOption();
  highlightRow(option ? option.value : null);
  if (!canvas || !option || !option.value) {
    maskPixels = null;
    if (maskLayer) maskLayer.hidden = true;
    return;
  }
  const token = ++loadToken;
  const picture = new Image();
  picture.onload = () => {
    if (token !== loadToken) return;
    const scratch = document.createElement('canvas');
    scratch.width = picture.naturalWidth;
    scratch.height = picture.naturalHeight;
    const context = scratch.getContext('2d');
    context.drawImage(picture, 0, 0);
    maskPixels = context.getImageData(0, 0, scratch.width, scratch.height);
    render();
  };
  picture.onerror = () => { if (token === loadToken) { maskPixels = null; render(); } };
  picture.src = option.value;
}

function render() {
  if (!canvas || !maskLayer) return;
  if (!maskPixels) { maskLayer.hidden = true; return; }
  canvas.width = maskPixels.width;
  canvas.height = maskPixels.height;
  const context = canvas.getContext('2d');
  const output = context.createImageData(maskPixels.width, maskPixels.height);
  const source = maskPixels.data;
  const target = output.data;
  const map = colormap.value;
  const option = selectedOption();
  const limit = threshold.checked && option ? Number(option.dataset.threshold || '0') : null;
  const lut = map === 'grey' ? null : table(map);
  for (let i = 0; i < source.length; i += 4) {
    const value = source[i];
    if (lut === null) {
      target[i] = value; target[i + 1] = value; target[i + 2] = value; target[i + 3] = 255;
      continue;
    }
    const suspicion = 255 - value;
    if (limit !== null && value > limit) { target[i + 3] = 0; continue; }
    target[i] = lut[suspicion * 3];
    target[i + 1] = lut[suspicion * 3 + 1];
    target[i + 2] = lut[suspicion * 3 + 2];
    // Untouched pixels fade out so the image shows through; with a threshold, flagged pixels are opaque.
    target[i + 3] = limit !== null ? 255 : Math.min(255, suspicion * 3);
  }
  context.putImageData(output, 0, 0);
  applyLayout();
}

function applyLayout() {
  if (!stage || !maskLayer) return;
  const side = layout.value === 'side';
  stage.classList.toggle('side', side);
  stage.classList.toggle('overlay', !side);
  maskLayer.hidden = !maskPixels || !overlayOn.checked;
  maskLayer.style.opacity = side ? '1' : String(Number(opacity.value) / 100);
  opacity.setAttribute('aria-valuetext', `${opacity.value} percent`);
  opacity.disabled = side;
  applyZoom();
}

// Zoom: "fit" scales the picture (up or down) to the panel; a factor shows it at that many screen pixels per image
// pixel, without smoothing, in a scrollable panel. Side by side, the mask gets the same size as the picture.
function applyZoom() {
  if (!stage || !image || !zoom || !image.naturalWidth) return;
  const wrap = stage.parentElement;
  const fit = zoom.value === 'fit';
  const side = stage.classList.contains('side');
  let width;
  if (fit) {
    const room = (wrap.clientWidth - 16 - (side ? 8 : 0)) / (side ? 2 : 1);
    const scale = Math.min(room / image.naturalWidth, (window.innerHeight * 0.72) / image.naturalHeight);
    width = Math.max(1, Math.floor(image.naturalWidth * scale));
  } else {
    width = Math.round(image.naturalWidth * Number(zoom.value));
  }
  stage.classList.add('sized');
  stage.classList.toggle('zoomed', !fit);
  wrap.classList.toggle('zoomed', !fit);
  image.style.width = `${width}px`;
  if (canvas) canvas.style.width = side ? `${width}px` : '';
}

function stepZoom(step) {
  if (!zoom) return;
  zoom.selectedIndex = Math.min(zoom.options.length - 1, Math.max(0, zoom.selectedIndex + step));
  applyZoom();
}

function highlightRow(url) {
  document.querySelectorAll('#analytic-rows tr').forEach((row) => {
    row.classList.toggle('showing', Boolean(url) && row.dataset.mask === url);
  });
}

function stepMask(step) {
  if (!maskSelect || maskSelect.options.length < 2) return;
  const count = maskSelect.options.length;
  maskSelect.selectedIndex = (maskSelect.selectedIndex + step + count) % count;
  overlayOn.checked = true;
  loadMask();
}

function showMask(url) {
  if (!maskSelect) return;
  const option = [...maskSelect.options].find((candidate) => candidate.value === url);
  if (!option) return;
  option.selected = true;
  overlayOn.checked = true;
  loadMask();
  stage?.scrollIntoView({ block: 'nearest' });
}

function orderRows() {
  const order = document.getElementById('analytic-order');
  const body = document.getElementById('analytic-rows');
  if (!order || !body) return;
  const rank = { failed: 0, running: 1, queued: 2, optout: 3, done: 4 };
  const rows = [...body.rows];
  const by = {
    score: (a, b) => Number(b.dataset.score) - Number(a.dataset.score) || a.dataset.name.localeCompare(b.dataset.name),
    name: (a, b) => a.dataset.name.localeCompare(b.dataset.name),
    mask: (a, b) => Number(Boolean(b.dataset.mask)) - Number(Boolean(a.dataset.mask)) || Number(b.dataset.score) - Number(a.dataset.score),
    status: (a, b) => (rank[a.dataset.status] ?? 9) - (rank[b.dataset.status] ?? 9) || a.dataset.name.localeCompare(b.dataset.name),
  }[order.value];
  rows.sort(by).forEach((row) => body.appendChild(row));
}

function bindResults() {
  document.getElementById('analytic-order')?.addEventListener('change', orderRows);
  document.querySelectorAll('button.show-mask').forEach((button) => {
    button.addEventListener('click', () => showMask(button.dataset.mask));
  });
}

// Live refresh: replace the status, fusion and analytics sections; keep the mask choice.
async function refreshResults() {
  const response = await fetch(detail.dataset.resultsUrl, { headers: { Accept: 'text/html' } });
  if (!response.ok) return;
  const fresh = parseHTML(await response.text());
  const order = document.getElementById('analytic-order')?.value;
  for (const id of ['detail-status', 'fusion-panel', 'analytics-panel']) {
    const replacement = fresh.getElementById(id);
    const current = document.getElementById(id);
    if (replacement && current) current.replaceWith(replacement);
  }
  const options = fresh.getElementById('mask-select');
  if (options && maskSelect) {
    const chosen = maskSelect.value;
    maskSelect.innerHTML = options.innerHTML;
    if ([...maskSelect.options].some((option) => option.value === chosen)) maskSelect.value = chosen;
    if (!chosen && maskSelect.value) loadMask();
  }
  const select = document.getElementById('analytic-order');
  if (select && order) select.value = order;
  bindResults();
  orderRows();
  highlightRow(maskSelect ? maskSelect.value : null);
}

function connectLive() {
  const url = detail?.dataset.liveUrl;
  if (!url || typeof EventSource === 'undefined') return;
  const source = new EventSource(url);
  source.addEventListener('detection', () => refreshResults());
  source.addEventListener('end', () => source.close());
}

if (detail) {
  if (maskSelect) maskSelect.addEventListener('change', () => { overlayOn.checked = true; loadMask(); });
  overlayOn?.addEventListener('change', applyLayout);
  opacity?.addEventListener('input', applyLayout);
  layout?.addEventListener('change', applyLayout);
  colormap?.addEventListener('change', render);
  threshold?.addEventListener('change', render);
  zoom?.addEventListener('change', applyZoom);
  if (image) {
    if (image.complete) applyZoom(); else image.addEventListener('load', applyZoom);
    window.addEventListener('resize', applyZoom);
  }
  if (!image) document.querySelector('.viewer-tools')?.setAttribute('hidden', '');
  bindResults();
  loadMask();
  connectLive();
  const follow = (key) => {
    const link = document.querySelector(`a[data-key="${key}"]`);
    if (link) window.location.href = link.href;
  };
  shortcuts({
    n: () => follow('n'),
    p: () => follow('p'),
    o: () => { overlayOn.checked = !overlayOn.checked; applyLayout(); },
    m: () => stepMask(1),
    M: () => stepMask(-1),
    s: () => { layout.value = layout.value === 'side' ? 'overlay' : 'side'; applyLayout(); },
    '[': () => { opacity.value = Math.max(0, Number(opacity.value) - 10); applyLayout(); },
    ']': () => { opacity.value = Math.min(100, Number(opacity.value) + 10); applyLayout(); },
    t: () => document.getElementById('tag-add')?.focus(),
    '+': () => stepZoom(1),
    '=': () => stepZoom(1),
    '-': () => stepZoom(-1),
  });
}

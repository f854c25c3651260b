// Gallery: live updates of running detections (server-sent events), a banner when new results match the filters,
// filter selects that apply at once, and j/k to move between cards.
import { shortcuts, parseHTML } from './util.js';

const layout = document.querySelector('.gallery-layout');
const cards = document.getElementById('cards');
const banner = document.getElementById('live-banner');
const filters = document.getElementById('filters');

// Selects apply immediately; text and number fields wait for Enter or "Apply".
if (filters) {
  filters.querySelectorAll('select').forEach((select) => {
    select.addEventListener('change', () => filters.requestSubmit());
  });
}

async function refreshCard(id) {
  const old = cards.querySelector(`li[data-id="${CSS.escape(id)}"]`);
  if (!old) return;
  const link = old.querySelector('a.card-link');
  const params = new URL(link.href, window.location.href).searchParams;
  const query = new URLSearchParams();
  for (const name of ['fuser', 'ctx']) if (params.get(name)) query.set(name, params.get(name));
  const response = await fetch(`/gallery/card/${encodeURIComponent(id)}?${query}`, { headers: { Accept: 'text/html' } });
  if (!response.ok) return;
  const fresh = parseHTML(await response.text()).body.firstElementChild;
  if (!fresh) return;
  const hadFocus = old.contains(document.activeElement);
  old.replaceWith(fresh);
  fresh.classList.add('updated');
  if (hadFocus) fresh.querySelector('a.card-link')?.focus();
}

function liveURL(base) {
  // Keep the filters and the last known total; watch only the cards that are still running.
  const url = new URL(base, window.location.href);
  url.searchParams.delete('watch');
  cards.querySelectorAll('li[data-live]').forEach((card) => url.searchParams.append('watch', card.dataset.id));
  return url;
}

function connect(base) {
  const source = new EventSource(liveURL(base));
  source.addEventListener('detection', (event) => {
    const data = JSON.parse(event.data);
    refreshCard(data.id);
  });
  source.addEventListener('gone', (event) => {
    const data = JSON.parse(event.data);
    cards.querySelector(`li[data-id="${CSS.escape(data.id)}"]`)?.remove();
  });
  source.addEventListener('changed', (event) => {
    const data = JSON.parse(event.data);
    const url = new URL(base, window.location.href);
    url.searchParams.set('total', data.total);
    base = url.toString();
    banner.querySelector('span').textContent = `The list changed: ${data.total} detection(s) now match.`;
    banner.querySelector('a').href = window.location.href;
    banner.hidden = false;
  });
  source.addEventListener('end', () => {
    source.close();
    // The server ends streams after a while; follow on with the cards still running.
    setTimeout(() => connect(base), 1000);
  });
}

if (layout && cards && typeof EventSource !== 'undefined') connect(layout.dataset.liveUrl);

function moveFocus(step) {
  const links = [...cards.querySelectorAll('a.card-link')];
  if (links.length === 0) return;
  const index = links.indexOf(document.activeElement);
  const next = index < 0 ? 0 : Math.min(links.length - 1, Math.max(0, index + step));
  links[next].focus();
  links[next].scrollIntoView({ block: 'nearest' });
}

shortcuts({
  '/': () => document.getElementById('f-q')?.focus(),
  j: () => moveFocus(1),
  k: () => moveFocus(-1),
  n: () => document.querySelector('.pager a[rel=next]')?.click(),
  p: () => document.querySelector('.pager a[rel=prev]')?.click(),
});

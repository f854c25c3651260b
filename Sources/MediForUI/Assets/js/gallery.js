// Gallery: live updates of running detections (server-sent events), a banner when new results match the filters,
// filter selects that apply at once, j/k to move between cards, and picking cards for a bulk action.
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
  const picked = old.querySelector('input.pick')?.checked;
  old.replaceWith(fresh);
  if (picked) fresh.querySelector('input.pick').checked = true;
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

// Bulk actions: the count of picked cards, "all on this page", buttons only with a pick, a confirmation to delete.
const bulk = document.getElementById('bulk');
const pickAll = document.getElementById('pick-all');
const picks = () => [...cards.querySelectorAll('input.pick')];
function updatePicks() {
  if (!bulk) return;
  const chosen = picks().filter((box) => box.checked).length;
  document.getElementById('pick-count').textContent = chosen ? `${chosen} selected` : 'Pick cards to act on several';
  bulk.querySelectorAll('button').forEach((button) => { button.disabled = chosen === 0; });
  if (pickAll) {
    pickAll.checked = chosen > 0 && chosen === picks().length;
    pickAll.indeterminate = chosen > 0 && chosen < picks().length;
  }
}
if (bulk) {
  cards.addEventListener('change', (event) => { if (event.target.matches('input.pick')) updatePicks(); });
  pickAll?.addEventListener('change', () => {
    picks().forEach((box) => { box.checked = pickAll.checked; });
    updatePicks();
  });
  bulk.addEventListener('submit', (event) => {
    const button = event.submitter;
    const tags = document.getElementById('bulk-tags');
    if (button && (button.value === 'tag' || button.value === 'untag') && !tags.value.trim()) {
      event.preventDefault();
      tags.focus();
      tags.setCustomValidity('Write the tags first, e.g. case=42, reviewed');
      tags.reportValidity();
      return;
    }
    if (button?.dataset.confirm && !window.confirm(button.dataset.confirm)) event.preventDefault();
  });
  document.getElementById('bulk-tags')?.addEventListener('input', (event) => event.target.setCustomValidity(''));
  updatePicks();
}

function togglePick() {
  const box = document.activeElement?.closest('li.card')?.querySelector('input.pick');
  if (!box) return;
  box.checked = !box.checked;
  updatePicks();
}

shortcuts({
  x: togglePick,
  '/': () => document.getElementById('f-q')?.focus(),
  j: () => moveFocus(1),
  k: () => moveFocus(-1),
  n: () => document.querySelector('.pager a[rel=next]')?.click(),
  p: () => document.querySelector('.pager a[rel=prev]')?.click(),
});
